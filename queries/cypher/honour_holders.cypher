// title: 荣誉获得者 / Holders of an honour
// description: Everyone who received the honour, one row per fact, with the holder's type, level, year and the stating document.
// params: honour
MATCH (x:Entity)-[r:RECEIVED_HONOUR]->(h:Honour)
WHERE $honour IN h.keys
RETURN x.name AS holder,
       [l IN labels(x) WHERE l <> 'Entity'][0] AS type,
       r.level AS level,
       r.year AS year,
       r.doc AS doc
ORDER BY holder, type, level, year, doc

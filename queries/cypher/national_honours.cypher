// title: 国家级荣誉 / National honours
// description: Every national-level honour and its holder (distinct holder, honour and year).
// params:
MATCH (x:Entity)-[r:RECEIVED_HONOUR]->(h:Entity)
WHERE r.level = 'national'
RETURN DISTINCT x.name AS holder,
       [l IN labels(x) WHERE l <> 'Entity'][0] AS type,
       h.name AS honour,
       r.year AS year
ORDER BY holder, type, honour, year

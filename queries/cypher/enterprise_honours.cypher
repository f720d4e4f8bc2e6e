// title: 企业荣誉 / Honours of an enterprise
// description: Every honour the enterprise received, one row per fact, with level, year, batch, grade and the stating document.
// params: enterprise
MATCH (e:Enterprise)-[r:RECEIVED_HONOUR]->(h:Entity)
WHERE $enterprise IN e.keys
RETURN h.name AS honour, r.level AS level, r.year AS year, r.batch AS batch, r.grade AS grade, r.doc AS doc
ORDER BY honour, level, year, batch, grade, doc

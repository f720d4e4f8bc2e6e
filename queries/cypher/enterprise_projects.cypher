// title: 企业项目 / Projects of an enterprise
// description: The projects the enterprise undertakes (invests in, builds, owns or runs), with the stating document.
// params: enterprise
MATCH (e:Enterprise)-[r:UNDERTAKES]->(p:Entity)
WHERE $enterprise IN e.keys
RETURN DISTINCT p.name AS project, r.doc AS doc
ORDER BY project, doc

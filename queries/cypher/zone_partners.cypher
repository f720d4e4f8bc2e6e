// title: 园区合作方 / Partners of a zone
// description: Who signed agreements or cooperates with the zone (PARTNERS_WITH is symmetric, so either end counts), with the partner's type and the stating document.
// params: zone
MATCH (z:Zone)-[r:PARTNERS_WITH]-(p:Entity)
WHERE $zone IN z.keys AND p.id <> z.id
RETURN DISTINCT p.name AS partner,
       [l IN labels(p) WHERE l <> 'Entity'][0] AS type,
       r.doc AS doc
ORDER BY partner, type, doc

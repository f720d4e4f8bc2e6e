// title: 资金来源排行 / Funding sources ranked
// description: Funding sources ranked by the total of their known amounts in yuan, with the number of known and masked amounts and of distinct recipients.
// params:
MATCH (r:Entity)-[f:FUNDED_BY]->(s:Entity)
RETURN s.name AS source,
       toFloat(sum(coalesce(f.value_yuan, 0.0))) AS total_yuan,
       count(f.value_yuan) AS known,
       count(f) - count(f.value_yuan) AS masked,
       count(DISTINCT r) AS recipients
ORDER BY total_yuan DESC, source

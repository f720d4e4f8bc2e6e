// title: 园区资金 / Funding of a zone
// description: Funding received by the zone itself or by anything located in it (transitively), per recipient and source: total of the known amounts in yuan, how many amounts are known and how many masked.
// params: zone
MATCH (z:Zone)
WHERE $zone IN z.keys
MATCH (r:Entity)-[:LOCATED_IN*0..]->(z)
WITH DISTINCT r
MATCH (r)-[f:FUNDED_BY]->(s:Entity)
RETURN r.name AS recipient,
       s.name AS source,
       toFloat(sum(coalesce(f.value_yuan, 0.0))) AS total_yuan,
       count(f.value_yuan) AS known,
       count(f) - count(f.value_yuan) AS masked
ORDER BY recipient, source

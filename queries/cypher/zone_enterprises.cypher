// title: 园区企业 / Enterprises of a zone
// description: Enterprises located in the zone, directly or through its sub-parks ([:LOCATED_IN*1..]), each with its honours (honour null when it has none).
// params: zone
MATCH (z:Zone)
WHERE $zone IN z.keys
MATCH (e:Enterprise)-[:LOCATED_IN*1..]->(z)
WITH DISTINCT e
OPTIONAL MATCH (e)-[:RECEIVED_HONOUR]->(h:Entity)
RETURN DISTINCT e.name AS enterprise, h.name AS honour
ORDER BY enterprise, honour

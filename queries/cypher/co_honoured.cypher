// title: 共同获誉企业 / Enterprises sharing honours
// description: Pairs of enterprises holding the same honours, with the number of distinct honours both hold (enterprise_a sorts before enterprise_b).
// params: limit=20
MATCH (a:Enterprise)-[:RECEIVED_HONOUR]->(h:Entity)<-[:RECEIVED_HONOUR]-(b:Enterprise)
WHERE a.name < b.name
RETURN a.name AS enterprise_a, b.name AS enterprise_b, count(DISTINCT h) AS shared
ORDER BY shared DESC, enterprise_a, enterprise_b
LIMIT $limit

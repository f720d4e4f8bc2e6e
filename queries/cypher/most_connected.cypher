// title: 关联最多的实体 / Most connected entities
// description: Entities ranked by degree, the number of facts they take part in (either end; document mentions do not count).
// params: limit=10
MATCH (n:Entity)-[r:LOCATED_IN|UNDERTAKES|RECEIVED_HONOUR|FUNDED_BY|PARTNERS_WITH]-()
WITH n, count(r) AS degree
RETURN n.name AS name, [l IN labels(n) WHERE l <> 'Entity'][0] AS type, degree
ORDER BY degree DESC, name, type
LIMIT $limit

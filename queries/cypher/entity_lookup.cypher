// title: 实体查询 / Entity look-up
// description: The entities whose name or one of whose aliases matches the given name (normalised, so a traditional form or an alias finds the canonical entity); aliases sorted and joined with 、.
// params: name
MATCH (n:Entity)
WHERE $name IN n.keys
RETURN n.id AS id,
       n.name AS name,
       [l IN labels(n) WHERE l <> 'Entity'][0] AS type,
       reduce(s = '', a IN n.aliases | s + CASE WHEN s = '' THEN '' ELSE '、' END + a) AS aliases
ORDER BY id, name, type

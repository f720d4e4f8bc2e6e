// title: 事实证据 / Evidence of a fact
// description: Every fact from the subject to the object (either direction for the symmetric PARTNERS_WITH), with the sentence stating it, its document and offsets.
// params: subject, object
MATCH (s:Entity)
WHERE $subject IN s.keys
MATCH (o:Entity)
WHERE $object IN o.keys
MATCH (s)-[r:LOCATED_IN|UNDERTAKES|RECEIVED_HONOUR|FUNDED_BY|PARTNERS_WITH]-(o)
WHERE startNode(r).id = s.id OR type(r) = 'PARTNERS_WITH'
RETURN type(r) AS predicate, r.sentence AS sentence, r.doc AS doc, r.start AS `start`, r.end AS `end`
ORDER BY predicate, sentence, doc, `start`, `end`

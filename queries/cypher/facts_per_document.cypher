// title: 各文档事实数 / Facts per document
// description: How many facts each document states, with the document's subject (null when the report has none).
// params:
// Facts are counted once per document name (r.doc) and joined to the documents, so a
// document without facts still shows 0 (one pass over the facts, not one per document).
MATCH ()-[r:LOCATED_IN|UNDERTAKES|RECEIVED_HONOUR|FUNDED_BY|PARTNERS_WITH]->()
WITH r.doc AS doc, count(r) AS facts
WITH collect({doc: doc, facts: facts}) AS counts
MATCH (d:Document)
RETURN DISTINCT d.name AS doc,
       d.subject AS subject,
       coalesce(head([c IN counts WHERE c.doc = d.name | c.facts]), 0) AS facts
ORDER BY facts DESC, doc

// The Neo4j schema of a kg graph, applied by kg.neo4j_load before every load.
//
// Written for Neo4j 5. FalkorDB has no `CREATE CONSTRAINT … IS UNIQUE` in Cypher: there
// the loader (kg/neo4j_bolt.py, FalkorDialect) turns each constraint below into a plain
// index on the same property, and uniqueness rests on the loader's MERGE on `id`.
// One statement per line group, each ending with a semicolon.

// Every node has a unique stable id: the six entity types, their common label, documents.
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT zone_id IF NOT EXISTS FOR (n:Zone) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT enterprise_id IF NOT EXISTS FOR (n:Enterprise) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT organization_id IF NOT EXISTS FOR (n:Organization) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT project_id IF NOT EXISTS FOR (n:Project) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT honour_id IF NOT EXISTS FOR (n:Honour) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT funding_source_id IF NOT EXISTS FOR (n:FundingSource) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE;

// Name look-ups: the canned queries filter on `$name IN n.keys` (normalised names and
// aliases). FalkorDB indexes each element of an array property; Neo4j's range index
// serves exact `name` look-ups (it cannot serve list membership).
CREATE INDEX entity_keys IF NOT EXISTS FOR (n:Entity) ON (n.keys);
CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name);

// MENTIONED_IN links are merged by document name (Node.docs holds names).
CREATE INDEX document_name IF NOT EXISTS FOR (n:Document) ON (n.name);

// `kg load neo4j --replace` deletes the previous load of a corpus by this tag.
CREATE INDEX entity_corpus IF NOT EXISTS FOR (n:Entity) ON (n.corpus);
CREATE INDEX document_corpus IF NOT EXISTS FOR (n:Document) ON (n.corpus);

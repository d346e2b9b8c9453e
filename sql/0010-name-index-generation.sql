-- 0010-name-index-generation.sql - the generation of the name index, drawn again at every write
--
-- meta 'name_index.generation' is a random 64-bit number that the triggers below draw
-- again in the transaction of every write of table name_index (a row added, replaced or
-- deleted: a person added, edited or merged, parley search --reindex). A process keeps
-- the index it built from the table in memory, and in an image file beside the data
-- file (src/lib/names/name-index-image.c), labelled with the generation it was built
-- from; before using either it reads the generation again, and a different one means
-- someone wrote the index since, in this process or another: it is built again.
-- PRAGMA data_version would say so only for this connection's own view.
-- Drawn, not counted: a file restored from a backup and written again never shows a
-- generation that an image of other contents was labelled with.
INSERT INTO meta(key, value) VALUES ('name_index.generation', CAST(random() AS TEXT))
	ON CONFLICT(key) DO NOTHING;
CREATE TRIGGER name_index_generation_insert AFTER INSERT ON name_index BEGIN
	UPDATE meta SET value = CAST(random() AS TEXT) WHERE key = 'name_index.generation';
END;
CREATE TRIGGER name_index_generation_update AFTER UPDATE ON name_index BEGIN
	UPDATE meta SET value = CAST(random() AS TEXT) WHERE key = 'name_index.generation';
END;
CREATE TRIGGER name_index_generation_delete AFTER DELETE ON name_index BEGIN
	UPDATE meta SET value = CAST(random() AS TEXT) WHERE key = 'name_index.generation';
END;

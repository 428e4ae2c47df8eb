-- Full-text index over contact names and headlines, kept in sync by triggers. An external-content
-- FTS5 table stores only the index (the text stays in `contacts`), so search on a 1M-row account
-- is an index probe instead of a LIKE scan.
CREATE VIRTUAL TABLE `contacts_fts` USING fts5(
  full_name, headline, content='contacts', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
--> statement-breakpoint
CREATE TRIGGER `contacts_fts_ai` AFTER INSERT ON `contacts` BEGIN
  INSERT INTO contacts_fts(rowid, full_name, headline) VALUES (new.id, new.full_name, coalesce(new.headline, ''));
END;
--> statement-breakpoint
CREATE TRIGGER `contacts_fts_ad` AFTER DELETE ON `contacts` BEGIN
  INSERT INTO contacts_fts(contacts_fts, rowid, full_name, headline) VALUES ('delete', old.id, old.full_name, coalesce(old.headline, ''));
END;
--> statement-breakpoint
CREATE TRIGGER `contacts_fts_au` AFTER UPDATE OF full_name, headline ON `contacts` BEGIN
  INSERT INTO contacts_fts(contacts_fts, rowid, full_name, headline) VALUES ('delete', old.id, old.full_name, coalesce(old.headline, ''));
  INSERT INTO contacts_fts(rowid, full_name, headline) VALUES (new.id, new.full_name, coalesce(new.headline, ''));
END;

-- A page of summaries is read from the instance index alone (an
-- index-only scan, where vacuum has marked the table's pages visible):
-- reading each row of a page from the table was a good part of a ListUsers.
DROP INDEX resources_instance;

CREATE INDEX resources_list ON resources (account, region, instance_id, kind, id) INCLUDE (name, modified, arn);

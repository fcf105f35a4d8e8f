-- A page of summaries is read from the instance index alone: looking up
-- each row of a page in the table was a good part of a ListUsers.
DROP INDEX resources_instance;

CREATE INDEX resources_list ON resources (account, region, instance_id, kind, id, name, modified, arn);

-- The client page lists the regievoerders to register with (`role = 'partner'`): without an index every page
-- read the whole user table, which grows with every organisation on a shared server.
CREATE INDEX app_user_by_role ON app_user (role);

-- API tokens are scoped to a role: the token acts with that role's rights, which must be among those its
-- user's role may hand to a script (`Role::token_scopes`). Tokens made before carry their user's role.
ALTER TABLE api_token ADD COLUMN role TEXT NOT NULL DEFAULT '';
UPDATE api_token SET role = (SELECT u.role FROM app_user u WHERE u.id = api_token.user_id);

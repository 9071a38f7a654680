/**
 * The built-in policies (docs "Policies" > "Built-in policies"):
 * - `root` allows everything; it cannot be changed or deleted and has no text;
 * - `default` is attached to tokens unless `no_default_policy`; it can be changed but not
 *   deleted. Vault's default policy lets a token manage itself; kmipd's keeps the token
 *   self-service paths of it (lookup, renew and revoke of the token itself, its own
 *   capabilities) and leaves out what kmipd does not have (cubbyhole, identity, wrapping, leases).
 */

export const ROOT_POLICY = "root";
export const DEFAULT_POLICY = "default";

export const DEFAULT_POLICY_TEXT = `# The token may read its own properties.
path "auth/token/lookup-self" {
  capabilities = ["read"]
}

# The token may extend its own lease.
path "auth/token/renew-self" {
  capabilities = ["update"]
}

# The token may revoke itself.
path "auth/token/revoke-self" {
  capabilities = ["update"]
}

# The token may ask which capabilities it has on a path.
path "sys/capabilities-self" {
  capabilities = ["update"]
}
`;

/**
 * {@code leasehold agent -config=FILE}: a sidecar that logs in with AppRole, writes the token to
 * files atomically, keeps it renewed and replaces it when it can no longer be renewed. The
 * configuration has Vault Agent's shape ({@link io.leasehold.client.agent.AgentConfigParser}).
 */
package io.leasehold.client.agent;

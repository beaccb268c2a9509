/**
 * Renewal loops: keep a token alive for as long as a client runs.
 *
 * <p>{@link io.leasehold.client.renewal.LifetimeWatcher} renews one token (at 70-73 % of each
 * lease, bounded backoff on transient failures, finished with a {@link
 * io.leasehold.client.renewal.DoneReason} when it cannot be kept); {@link
 * io.leasehold.client.renewal.SessionKeeper} adds logins through an {@link
 * io.leasehold.client.renewal.AuthMethod} and replaces the token whenever the watcher gives it up.
 *
 * <p>Seams, each with a real implementation and a test fake: {@link
 * io.leasehold.client.renewal.Scheduler} (time; {@link io.leasehold.client.renewal.SystemScheduler}),
 * {@link io.leasehold.client.renewal.TokenSession} (lookup/renew/revoke-self; {@link
 * io.leasehold.client.renewal.GrpcTokenSession}), {@link io.leasehold.client.renewal.AppRoleLogin}
 * (the AppRole login call; {@link io.leasehold.client.renewal.GrpcAppRoleLogin}).
 */
package io.leasehold.client.renewal;

/**
 * ses-guard as a library: the records module (what DNS records an SES identity needs), the Pulumi
 * components that declare verified identities, and the wait for SES to verify one (the components'
 * verification waiter runs it). Importing it never starts the policy pack; that is
 * `main` (dist/policies/pack.js), which only `pulumi preview --policy-pack` loads.
 */
export * from "./records";
export * from "./components";
export { POLICY_PACK_NAME, policies } from "./policies";
// The verification waiter's provider reaches this through require("ses-guard") (components/verification-waiter.ts).
export { VerificationWaitError, waitUntilVerified } from "./check/wait-until-verified";
export type { VerifiedIdentity, WaitUntilVerifiedOptions } from "./check/wait-until-verified";
export type { PolicyCallback, PolicyDescription, ResourcePolicy, StackPolicy } from "./policies";

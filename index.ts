/**
 * ses-guard as a library: the records module (what DNS records an SES identity needs) and the Pulumi
 * components that declare verified identities. Importing it never starts the policy pack; that is
 * `main` (dist/policies/pack.js), which only `pulumi preview --policy-pack` loads.
 */
export * from "./records";
export * from "./components";
export { POLICY_PACK_NAME, policies } from "./policies";
export type { PolicyCallback, PolicyDescription, ResourcePolicy, StackPolicy } from "./policies";

/** The records module: what DNS records an SES identity needs, shared by components, policies and the check. */
export * from "./dkim-domains";
export * from "./dns-names";
export * from "./record-text";
export * from "./identity-records";
export * from "./record-assembly";
export * from "./open-region";
export * from "./identity-names";
export * from "./dkim-keys";
export * from "./check-target";
export * from "./provider-formats";
export * from "./mail-auth-lint";

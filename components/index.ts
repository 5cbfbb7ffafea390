/** The Pulumi components: verified SES identities with every DNS record that verifies them. */
export * from "./argument-error";
export * from "./check-target";
export * from "./cloudflare-dns";
export * from "./configuration-set";
export * from "./dns-adapter";
export * from "./route53-dns";
export * from "./transform";
export * from "./verified-domain";
export * from "./verified-domain-args";
export * from "./verified-email-address";
export { VerificationWaiter, type VerificationWaiterArgs, type VerificationWaitOptions, type WaitForVerification } from "./verification-waiter";

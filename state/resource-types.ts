/**
 * The Pulumi type tokens the policies read. Checked against @pulumi/aws 7.48 and @pulumi/cloudflare 6.22;
 * DNS record types live with their provider modules under `stack/dns/`.
 */

/** SES v2 identity: a domain or an email address (`aws.sesv2.EmailIdentity`). */
export const SESV2_EMAIL_IDENTITY = "aws:sesv2/emailIdentity:EmailIdentity";
/** SES v2 custom MAIL FROM attributes (`aws.sesv2.EmailIdentityMailFromAttributes`). */
export const SESV2_MAIL_FROM = "aws:sesv2/emailIdentityMailFromAttributes:EmailIdentityMailFromAttributes";
/** SES v2 sending authorization policy (`aws.sesv2.EmailIdentityPolicy`). */
export const SESV2_IDENTITY_POLICY = "aws:sesv2/emailIdentityPolicy:EmailIdentityPolicy";
/** SES v2 configuration set (`aws.sesv2.ConfigurationSet`). */
export const SESV2_CONFIGURATION_SET = "aws:sesv2/configurationSet:ConfigurationSet";

/** SES v1 domain identity (`aws.ses.DomainIdentity`). */
export const SES_DOMAIN_IDENTITY = "aws:ses/domainIdentity:DomainIdentity";
/** SES v1 Easy DKIM tokens of a domain (`aws.ses.DomainDkim`). */
export const SES_DOMAIN_DKIM = "aws:ses/domainDkim:DomainDkim";
/** SES v1 email-address identity (`aws.ses.EmailIdentity`). */
export const SES_EMAIL_IDENTITY = "aws:ses/emailIdentity:EmailIdentity";
/** SES v1 custom MAIL FROM (`aws.ses.MailFrom`). */
export const SES_MAIL_FROM = "aws:ses/mailFrom:MailFrom";
/** SES v1 sending authorization policy (`aws.ses.IdentityPolicy`). */
export const SES_IDENTITY_POLICY = "aws:ses/identityPolicy:IdentityPolicy";
/** SES v1 configuration set (`aws.ses.ConfigurationSet`). */
export const SES_CONFIGURATION_SET = "aws:ses/configurationSet:ConfigurationSet";
/** The misspelt alias under which older stacks registered SES v1 configuration sets. */
export const SES_CONFIGURATION_SET_ALIAS = "aws:ses/confgurationSet:ConfgurationSet";

/** Every SES configuration set type, v1 (and its alias) and v2. */
export const CONFIGURATION_SET_TYPES: ReadonlySet<string> = new Set([SESV2_CONFIGURATION_SET, SES_CONFIGURATION_SET, SES_CONFIGURATION_SET_ALIAS]);

/** Every SES identity policy type, v1 and v2. */
export const IDENTITY_POLICY_TYPES: ReadonlySet<string> = new Set([SESV2_IDENTITY_POLICY, SES_IDENTITY_POLICY]);

/** The prefix of every provider resource's type (`pulumi:providers:aws`). */
export const PROVIDER_TYPE_PREFIX = "pulumi:providers:";

/** SES v2 global endpoint: sending split between its own region and a secondary one (`aws.sesv2.MultiRegionEndpoint`). */
export const SESV2_MULTI_REGION_ENDPOINT = "aws:sesv2/multiRegionEndpoint:MultiRegionEndpoint";
/** SES v2 tenant (`aws.sesv2.Tenant`). */
export const SESV2_TENANT = "aws:sesv2/tenant:Tenant";
/** SES v2 association of a resource (identity, configuration set, template) with a tenant (`aws.sesv2.TenantResourceAssociation`). */
export const SESV2_TENANT_RESOURCE_ASSOCIATION = "aws:sesv2/tenantResourceAssociation:TenantResourceAssociation";

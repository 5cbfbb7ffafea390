import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { VerifiedDomain } from "../../components";
import { MODES, runProgram, show, usePack } from "./pack-harness";

const POLICY = "ses-tenant-associations";

/** A partner's identity in the stack's region, by literal ARN. */
const PARTNER_ARN = "arn:aws:ses:eu-west-1:123456789012:identity/partner.example.net";

// A tenant sends with the identities, configuration sets and templates associated with it
// (https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_CreateTenantResourceAssociation.html); tenants and
// their resources are regional (https://docs.aws.amazon.com/ses/latest/dg/tenants.html).
describe(`policies: ${POLICY}`, () => {
    const pack = usePack();

    for (const { preview, label } of MODES) {
        describe(label, () => {
            it("fails a tenant or a resource of another region than the association", async () => {
                const program = () => {
                    const us = new aws.Provider("us", { region: "us-east-1" });
                    const tenant = new aws.sesv2.Tenant("us-tenant", { tenantName: "acme" }, { provider: us });
                    const identity = new aws.sesv2.EmailIdentity("example", { emailIdentity: "example.com" });
                    new aws.sesv2.TenantResourceAssociation("to-us-tenant", { tenantName: tenant.tenantName, resourceArn: identity.arn });
                    const usIdentity = new aws.sesv2.EmailIdentity("us-identity", { emailIdentity: "example.org", region: "us-east-1" });
                    const euTenant = new aws.sesv2.Tenant("eu-tenant", { tenantName: "beta" });
                    new aws.sesv2.TenantResourceAssociation("us-resource", { tenantName: euTenant.tenantName, resourceArn: usIdentity.arn });
                    new aws.sesv2.TenantResourceAssociation("literal-us-set", {
                        tenantName: euTenant.tenantName,
                        resourceArn: "arn:aws:ses:us-east-1:123456789012:configuration-set/tx",
                    });
                };
                const run = await runProgram(pack(), program, { preview });
                const found = run.of(POLICY);
                assert.equal(found.length, 3, show(found));
                assert.ok(
                    found.every((d) => d.enforcementLevel === "mandatory"),
                    show(found),
                );
                assert.match(
                    found.find((d) => d.urn.endsWith("::to-us-tenant"))?.message ?? "",
                    /Tenant association 'to-us-tenant' \(region eu-west-1 .*\) names tenant 'us-tenant', which is in us-east-1: .*the create fails/,
                );
                assert.match(
                    found.find((d) => d.urn.endsWith("::us-resource"))?.message ?? "",
                    /associates SES v2 identity example\.org \(resource 'us-identity'\), which is in us-east-1/,
                );
                assert.match(
                    found.find((d) => d.urn.endsWith("::literal-us-set"))?.message ?? "",
                    /associates the SES configuration-set tx \(arn:aws:ses:us-east-1:123456789012:configuration-set\/tx\), which is in us-east-1/,
                );
            });

            it("fails an identity of the stack named by a literal ARN, and an identity no resource of the stack declares", async () => {
                const program = () => {
                    const tenant = new aws.sesv2.Tenant("tenant", { tenantName: "acme" });
                    new aws.sesv2.EmailIdentity("example", { emailIdentity: "example.com" });
                    new aws.sesv2.TenantResourceAssociation("literal", {
                        tenantName: tenant.tenantName,
                        resourceArn: "arn:aws:ses:eu-west-1:123456789012:identity/Example.com",
                    });
                    new aws.sesv2.TenantResourceAssociation("partner", { tenantName: "acme", resourceArn: PARTNER_ARN });
                };
                const run = await runProgram(pack(), program, { preview });
                const found = run.of(POLICY);
                assert.equal(found.length, 2, show(found));
                const literal = found.find((d) => d.urn.endsWith("::literal"))?.message ?? "";
                assert.match(literal, /names SES v2 identity example\.com \(resource 'example'\) by a literal ARN/);
                assert.match(literal, /deleting an identity that still has tenant associations fails\. Pass the identity's arn output as resourceArn/);
                const partner = found.find((d) => d.urn.endsWith("::partner"))?.message ?? "";
                assert.match(partner, /associates the identity partner\.example\.net .* which no identity of this stack declares in eu-west-1/);
                assert.match(partner, /"ses-tenant-associations": \{"externallyVerifiedIdentities": \["partner\.example\.net"/);
            });

            it("passes associations made from the outputs of a tenant, an identity and a configuration set of their region", async () => {
                const program = () => {
                    const us = new aws.Provider("us", { region: "us-east-1" });
                    for (const [suffix, opts] of [
                        ["eu", {}],
                        ["us", { provider: us }],
                    ] as const) {
                        const tenant = new aws.sesv2.Tenant(`tenant-${suffix}`, { tenantName: "acme" }, opts);
                        const identity = new aws.sesv2.EmailIdentity(`identity-${suffix}`, { emailIdentity: "example.com" }, opts);
                        const set = new aws.sesv2.ConfigurationSet(`set-${suffix}`, { configurationSetName: "tx" }, opts);
                        new aws.sesv2.TenantResourceAssociation(`identity-${suffix}`, { tenantName: tenant.tenantName, resourceArn: identity.arn }, opts);
                        new aws.sesv2.TenantResourceAssociation(`set-${suffix}`, { tenantName: tenant.tenantName, resourceArn: set.arn }, opts);
                    }
                    // Through a component's waiter: the association still depends on the identity, so Pulumi deletes it first.
                    const mail = new VerifiedDomain("mail", { domain: "mail.example.com", dns: false, waitForVerification: true });
                    new aws.sesv2.TenantResourceAssociation("waited", { tenantName: "acme", resourceArn: mail.verifiedIdentityArn as pulumi.Output<string> });
                    // By name, the tenant of the association's own region is the one meant.
                    new aws.sesv2.TenantResourceAssociation("by-name", {
                        tenantName: "acme",
                        resourceArn: "arn:aws:ses:eu-west-1:123456789012:template/welcome",
                    });
                };
                const run = await runProgram(pack(), program, { preview });
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });
        });
    }

    describe("config", () => {
        const own = usePack({ own: true });

        it("leaves identities listed in externallyVerifiedIdentities alone", async () => {
            const program = () => {
                new aws.sesv2.TenantResourceAssociation("partner", { tenantName: "acme", resourceArn: PARTNER_ARN });
                new aws.sesv2.TenantResourceAssociation("other", {
                    tenantName: "acme",
                    resourceArn: "arn:aws:ses:eu-west-1:123456789012:identity/other.example.org",
                });
            };
            const run = await runProgram(own(), program, {
                preview: false,
                config: { [POLICY]: { externallyVerifiedIdentities: ["*.example.net"] } },
            });
            const found = run.of(POLICY);
            assert.deepEqual(
                found.map((d) => d.urn.split("::").pop()),
                ["other"],
                show(found),
            );
        });
    });
});

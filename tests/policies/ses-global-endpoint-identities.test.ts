import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { MODES, runProgram, show, usePack } from "./pack-harness";

const POLICY = "ses-global-endpoint-identities";

/** A global endpoint with its own region from the stack (eu-west-1) and us-east-1 as its secondary region. */
function endpoint(): void {
    new aws.sesv2.MultiRegionEndpoint("global", { endpointName: "global", details: { routesDetails: { region: "us-east-1" } } });
}

// A global endpoint sends through its primary and secondary regions, and its setup expects verified identities in
// both (https://docs.aws.amazon.com/ses/latest/dg/global-endpoints.html); an identity is regional: "To send email
// from the same domain or email address in more than one AWS Region, you must create and verify a separate identity
// for each Region" (https://docs.aws.amazon.com/ses/latest/dg/creating-identities.html).
describe(`policies: ${POLICY}`, () => {
    const pack = usePack();

    for (const { preview, label } of MODES) {
        describe(label, () => {
            it("fails an identity declared in one region of the endpoint only, naming the region that lacks it", async () => {
                const program = () => {
                    endpoint();
                    const us = new aws.Provider("us", { region: "us-east-1" });
                    new aws.sesv2.EmailIdentity("eu-only", { emailIdentity: "example.com" });
                    new aws.sesv2.EmailIdentity("us-only", { emailIdentity: "shop.example.org" }, { provider: us });
                    new aws.sesv2.EmailIdentity("address", { emailIdentity: "ops@example.net", region: "us-east-1" });
                };
                const run = await runProgram(pack(), program, { preview });
                const found = run.of(POLICY);
                assert.equal(found.length, 3, show(found));
                assert.ok(
                    found.every((d) => d.enforcementLevel === "mandatory"),
                    show(found),
                );
                const eu = found.find((d) => d.urn.endsWith("::eu-only"))?.message ?? "";
                assert.match(
                    eu,
                    /identity example\.com \(resource 'eu-only'\) is in eu-west-1, a region of SES global endpoint 'global' \(eu-west-1 and us-east-1\)/,
                );
                assert.match(eu, /declares no identity for the domain example\.com \(or a parent domain\) in us-east-1/);
                assert.match(eu, /"ses-global-endpoint-identities": \{"externallyVerifiedIdentities": \["example\.com"/);
                assert.match(
                    found.find((d) => d.urn.endsWith("::us-only"))?.message ?? "",
                    /is in us-east-1, .* no identity for the domain shop\.example\.org \(or a parent domain\) in eu-west-1/,
                );
                assert.match(
                    found.find((d) => d.urn.endsWith("::address"))?.message ?? "",
                    /no identity for the address ops@example\.net \(or its domain\) in eu-west-1/,
                );
            });

            it("passes identities declared in both regions, an address whose parent domain is in the other region, and regions outside the endpoint", async () => {
                const program = () => {
                    endpoint();
                    new aws.sesv2.EmailIdentity("eu", { emailIdentity: "example.com" });
                    new aws.sesv2.EmailIdentity("us", { emailIdentity: "EXAMPLE.com", region: "us-east-1" });
                    new aws.sesv2.EmailIdentity("address", { emailIdentity: "ops@mail.example.com", region: "us-east-1" });
                    new aws.sesv2.EmailIdentity("sub", { emailIdentity: "news.example.com" });
                    new aws.ses.DomainIdentity("v1-us", { domain: "legacy.example.org", region: "us-east-1" });
                    new aws.sesv2.EmailIdentity("v2-eu", { emailIdentity: "legacy.example.org" });
                    new aws.sesv2.EmailIdentity("sydney", { emailIdentity: "example.net", region: "ap-southeast-2" });
                };
                const run = await runProgram(pack(), program, { preview });
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });

            it("takes an identity whose name is not known yet as one that may cover the other region", async () => {
                const program = () => {
                    endpoint();
                    new aws.sesv2.EmailIdentity("eu", { emailIdentity: "example.com" });
                    const set = new aws.sesv2.ConfigurationSet("set", { configurationSetName: "set" });
                    // Unknown in preview; example.com in the update.
                    new aws.sesv2.EmailIdentity("us", { emailIdentity: set.arn.apply(() => "example.com"), region: "us-east-1" });
                };
                const run = await runProgram(pack(), program, { preview });
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });

            it("says nothing without a global endpoint, while its secondary region is not known, or when that is its own region", async () => {
                const program = () => {
                    new aws.sesv2.EmailIdentity("eu-only", { emailIdentity: "example.com" });
                    const config = new aws.sesv2.ConfigurationSet("set", { configurationSetName: "set" });
                    // A region taken from another resource's output: unknown in preview, a made-up value in the update.
                    new aws.sesv2.MultiRegionEndpoint("global", {
                        endpointName: "global",
                        details: { routesDetails: { region: config.arn.apply(() => "eu-west-1") } },
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
                endpoint();
                new aws.sesv2.EmailIdentity("eu-only", { emailIdentity: "example.com" });
                new aws.sesv2.EmailIdentity("other", { emailIdentity: "example.org" });
            };
            const run = await runProgram(own(), program, {
                preview: false,
                config: { [POLICY]: { externallyVerifiedIdentities: ["*.com"] } },
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

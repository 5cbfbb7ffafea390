import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { MODES, runProgram, show, usePack } from "./pack-harness";

const POLICY = "ses-identity-configuration-set";
const DECLARED = "ses-identity-configuration-set-declared";
const SESV2 = "ses-identity-sesv2-recommended";

describe(`policies: ${POLICY}`, () => {
    const pack = usePack();
    const configured = usePack({ own: true });

    for (const { preview, label } of MODES) {
        describe(label, () => {
            it("passes a v2 identity naming a configuration set declared in the stack", async () => {
                const program = () => {
                    const set = new aws.sesv2.ConfigurationSet("set", { configurationSetName: "transactional", deliveryOptions: { tlsPolicy: "REQUIRE" } });
                    new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com", configurationSetName: set.configurationSetName });
                };
                const run = await runProgram(pack(), program, { preview });
                assert.deepEqual([...run.of(POLICY), ...run.of(DECLARED)], [], show(run.diagnostics));
            });

            it("fails a v2 identity with no configuration set, saying how to set one", async () => {
                const run = await runProgram(pack(), () => new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com" }), { preview });
                const [d, ...rest] = run.of(POLICY);
                assert.equal(rest.length, 0, show(run.of(POLICY)));
                assert.equal(d.enforcementLevel, "mandatory");
                assert.match(d.urn, /EmailIdentity::identity$/);
                assert.match(d.message, /example\.com \(resource 'identity'\) names no default configuration set/);
                assert.match(d.message, /remediate/);
            });

            it("fails a name outside allowedConfigurationSets and passes one inside", async () => {
                const program = () => {
                    new aws.sesv2.EmailIdentity("a", { emailIdentity: "a.example.com", configurationSetName: "marketing" });
                    new aws.sesv2.EmailIdentity("b", { emailIdentity: "b.example.com", configurationSetName: "tx-eu" });
                };
                const run = await runProgram(configured(), program, { preview, config: { [POLICY]: { allowedConfigurationSets: ["tx-*"] } } });
                assert.deepEqual(
                    run.of(POLICY).map((d) => d.urn.split("::").pop()),
                    ["a"],
                    show(run.of(POLICY)),
                );
                assert.match(run.of(POLICY)[0].message, /'marketing', which is not one of the allowed configuration sets \(tx-\*\)/);
            });

            it("leaves SES v1 identities to ses-identity-sesv2-recommended: one policy, one level", async () => {
                const program = () => {
                    new aws.ses.DomainIdentity("domain", { domain: "example.com" });
                    new aws.ses.EmailIdentity("address", { email: "a@example.com" });
                };
                const run = await runProgram(pack(), program, { preview });
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
                assert.deepEqual(
                    run.of(SESV2).map((d) => d.enforcementLevel),
                    ["advisory", "advisory"],
                    show(run.of(SESV2)),
                );
            });

            it("skips exempt identities", async () => {
                const run = await runProgram(configured(), () => new aws.sesv2.EmailIdentity("identity", { emailIdentity: "x@example.com" }), {
                    preview,
                    config: { [POLICY]: { exemptIdentities: ["*@example.com"] } },
                });
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });

            it("at level remediate fills in defaultConfigurationSet, keeps secrets secret, and reports nothing", async () => {
                const program = () =>
                    new aws.sesv2.EmailIdentity("identity", {
                        emailIdentity: "example.com",
                        dkimSigningAttributes: { domainSigningSelector: "s1", domainSigningPrivateKey: pulumi.secret("not-a-key") },
                    });
                const config = { [POLICY]: { enforcementLevel: "remediate" as const, defaultConfigurationSet: "default-set" } };
                const run = await runProgram(configured(), program, { preview, config });
                const fix = run.analysis.remediations.find((r) => r.policyName === POLICY);
                assert.equal(fix?.properties?.configurationSetName, "default-set");
                const attrs = fix?.properties?.dkimSigningAttributes as Record<string, unknown>;
                assert.equal((attrs.domainSigningPrivateKey as Record<string, unknown>).value, "not-a-key");
                assert.ok("4dabf18193072939515e22adb298388d" in (attrs.domainSigningPrivateKey as Record<string, unknown>), "the key stays a secret");
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });

            it("leaves an identity with a configuration set alone at level remediate", async () => {
                const program = () => new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com", configurationSetName: "mine" });
                const run = await runProgram(configured(), program, {
                    preview,
                    config: { [POLICY]: { enforcementLevel: "remediate", defaultConfigurationSet: "default-set" } },
                });
                assert.equal(run.analysis.remediations.filter((r) => r.policyName === POLICY && r.properties).length, 0);
            });
        });
    }
});

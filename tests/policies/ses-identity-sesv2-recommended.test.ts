import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { MODES, runProgram, show, usePack } from "./pack-harness";

const POLICY = "ses-identity-sesv2-recommended";

describe(`policies: ${POLICY}`, () => {
    const pack = usePack();
    const configured = usePack({ own: true });

    for (const { preview, label } of MODES) {
        describe(label, () => {
            // Only SES v2 sets a default configuration set on an identity (PutEmailIdentityConfigurationSetAttributes;
            // https://docs.aws.amazon.com/ses/latest/dg/managing-configuration-sets.html#default-config-sets).
            it("advises on SES v1 domain and address identities, at its own level, recommending aws.sesv2.EmailIdentity", async () => {
                const program = () => {
                    new aws.ses.DomainIdentity("domain", { domain: "example.com" });
                    new aws.ses.EmailIdentity("address", { email: "a@example.com" });
                };
                const run = await runProgram(pack(), program, { preview });
                assert.deepEqual(
                    run
                        .of(POLICY)
                        .map((d) => [d.enforcementLevel, d.urn.split("::").pop()])
                        .sort(),
                    [
                        ["advisory", "address"],
                        ["advisory", "domain"],
                    ],
                    show(run.of(POLICY)),
                );
                assert.match(run.of(POLICY)[0].message, /aws\.sesv2\.EmailIdentity with configurationSetName/);
            });

            it("is silent on SES v2 identities and on exempt v1 identities, and takes a level from config", async () => {
                const program = () => {
                    new aws.sesv2.EmailIdentity("v2", { emailIdentity: "example.com" });
                    new aws.ses.DomainIdentity("legacy", { domain: "legacy.example.com" });
                };
                const exempt = await runProgram(configured(), program, { preview, config: { [POLICY]: { exemptIdentities: ["*.example.com"] } } });
                assert.deepEqual(exempt.of(POLICY), [], show(exempt.of(POLICY)));
                const mandatory = await runProgram(configured(), program, { preview, config: { [POLICY]: "mandatory" } });
                assert.deepEqual(
                    mandatory.of(POLICY).map((d) => d.enforcementLevel),
                    ["mandatory"],
                    show(mandatory.of(POLICY)),
                );
            });
        });
    }
});

import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { MODES, runProgram, show, usePack } from "./pack-harness";

const DECLARED = "ses-identity-configuration-set-declared";

describe(`policies: ${DECLARED}`, () => {
    const pack = usePack();

    for (const { preview, label } of MODES) {
        describe(label, () => {
            it("fails an identity whose set name differs from the declared set's only in case", async () => {
                const program = () => {
                    new aws.sesv2.ConfigurationSet("set", { configurationSetName: "Transactional" });
                    new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com", configurationSetName: "transactional" });
                };
                const run = await runProgram(pack(), program, { preview });
                const [d] = run.of(DECLARED);
                assert.ok(d, show(run.diagnostics));
                assert.match(d.message, /names 'transactional' but the set is called 'Transactional'/);
            });

            it("fails an identity whose declared set lives in another region", async () => {
                const program = () => {
                    const us = new aws.Provider("us", { region: "us-east-1" });
                    const set = new aws.sesv2.ConfigurationSet("set", { configurationSetName: "tx" }, { provider: us });
                    new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com", configurationSetName: set.configurationSetName });
                };
                const run = await runProgram(pack(), program, { preview });
                assert.match(run.of(DECLARED)[0]?.message ?? "", /identity is in eu-west-1 but the set is in us-east-1/);
            });

            it("leaves sets declared elsewhere alone", async () => {
                const program = () => {
                    new aws.ses.ConfigurationSet("set", { name: "other" });
                    new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com", configurationSetName: "tx" });
                };
                const run = await runProgram(pack(), program, { preview });
                assert.deepEqual(run.of(DECLARED), [], show(run.of(DECLARED)));
            });
        });
    }
});

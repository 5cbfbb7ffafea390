import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { MODES, runProgram, show, usePack } from "./pack-harness";

const POLICY = "ses-configuration-set-tls-required";

describe(`policies: ${POLICY}`, () => {
    const pack = usePack();
    const configured = usePack({ own: true });

    for (const { preview, label } of MODES) {
        describe(label, () => {
            it("passes v2 and v1 sets that require TLS", async () => {
                const program = () => {
                    new aws.sesv2.ConfigurationSet("v2", { configurationSetName: "a", deliveryOptions: { tlsPolicy: "REQUIRE" } });
                    new aws.ses.ConfigurationSet("v1", { name: "b", deliveryOptions: { tlsPolicy: "Require" } });
                };
                const run = await runProgram(pack(), program, { preview });
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });

            it("advises on a v2 set with optional TLS and one without delivery options", async () => {
                const program = () => {
                    new aws.sesv2.ConfigurationSet("optional", { configurationSetName: "a", deliveryOptions: { tlsPolicy: "OPTIONAL" } });
                    new aws.sesv2.ConfigurationSet("unset", { configurationSetName: "b" });
                };
                const run = await runProgram(pack(), program, { preview });
                const found = run
                    .of(POLICY)
                    .map((d) => [d.urn.split("::").pop(), d.enforcementLevel])
                    .sort();
                assert.deepEqual(
                    found,
                    [
                        ["optional", "advisory"],
                        ["unset", "advisory"],
                    ],
                    show(run.of(POLICY)),
                );
                assert.match(
                    run.of(POLICY).find((d) => d.urn.endsWith("::optional"))?.message ?? "",
                    /'a' \(resource 'optional'\) does not require TLS: deliveryOptions\.tlsPolicy is 'OPTIONAL'\. Set deliveryOptions: \{ tlsPolicy: "REQUIRE" \}/,
                );
            });

            it("advises on a v1 set in its own spelling", async () => {
                const run = await runProgram(pack(), () => new aws.ses.ConfigurationSet("v1", { name: "b" }), { preview });
                assert.match(run.of(POLICY)[0]?.message ?? "", /tlsPolicy: "Require"/);
            });

            it("skips exempt sets and blocks when configured mandatory", async () => {
                const program = () => {
                    new aws.sesv2.ConfigurationSet("legacy", { configurationSetName: "legacy-relay" });
                    new aws.sesv2.ConfigurationSet("other", { configurationSetName: "other" });
                };
                const run = await runProgram(configured(), program, {
                    preview,
                    config: { [POLICY]: { enforcementLevel: "mandatory", exemptConfigurationSets: ["legacy-*"] } },
                });
                assert.deepEqual(
                    run.of(POLICY).map((d) => [d.urn.split("::").pop(), d.enforcementLevel]),
                    [["other", "mandatory"]],
                    show(run.of(POLICY)),
                );
            });
        });
    }
});

import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { MODES, runProgram, show, usePack } from "./pack-harness";

const POLICY = "ses-email-identity-verifiable";

describe(`policies: ${POLICY}`, () => {
    const pack = usePack();
    const configured = usePack({ own: true });

    for (const { preview, label } of MODES) {
        describe(label, () => {
            it("advises on a v2 address whose domain is not verified here, naming it and both ways out", async () => {
                const run = await runProgram(pack(), () => new aws.sesv2.EmailIdentity("sender", { emailIdentity: "noreply@example.com" }), { preview });
                const [d, ...rest] = run.of(POLICY);
                assert.equal(rest.length, 0, show(run.of(POLICY)));
                assert.equal(d.enforcementLevel, "advisory");
                assert.match(d.urn, /EmailIdentity::sender$/);
                assert.match(d.message, /noreply@example\.com/);
                assert.match(d.message, /verify the domain example\.com in this stack/);
                assert.match(d.message, /"verifiedAddresses": \["noreply@example\.com", "\*@example\.com"\]/);
            });

            it("advises on a v1 EmailIdentity the same way", async () => {
                const run = await runProgram(pack(), () => new aws.ses.EmailIdentity("sender", { email: "ops@example.org" }), { preview });
                assert.match(run.of(POLICY)[0]?.message ?? "", /ops@example\.org/);
            });

            it("passes an address whose domain or parent domain is a domain identity of the stack", async () => {
                const program = () => {
                    new aws.sesv2.EmailIdentity("domain", { emailIdentity: "example.com" });
                    new aws.sesv2.EmailIdentity("a", { emailIdentity: "a@example.com" });
                    new aws.ses.EmailIdentity("b", { email: "b@mail.example.com" });
                };
                const run = await runProgram(pack(), program, { preview });
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });

            it("advises when the domain identity is in another region", async () => {
                const program = () => {
                    new aws.sesv2.EmailIdentity("domain", { emailIdentity: "example.com", region: "us-east-1" });
                    new aws.sesv2.EmailIdentity("a", { emailIdentity: "a@example.com", region: "eu-west-1" });
                };
                const run = await runProgram(pack(), program, { preview });
                assert.equal(run.of(POLICY).length, 1, show(run.of(POLICY)));
            });

            it("skips addresses listed as verified by hand, and addresses of domains verified elsewhere", async () => {
                const program = () => {
                    new aws.sesv2.EmailIdentity("a", { emailIdentity: "a@example.com" });
                    new aws.sesv2.EmailIdentity("b", { emailIdentity: "b@team.example.net" });
                    new aws.sesv2.EmailIdentity("c", { emailIdentity: "c@example.org" });
                };
                const config = { [POLICY]: { verifiedAddresses: ["*@example.com"], verifiedDomains: ["*.example.net"] } };
                const run = await runProgram(configured(), program, { preview, config });
                assert.deepEqual(
                    run.of(POLICY).map((d) => d.urn.split("::").pop()),
                    ["c"],
                    show(run.of(POLICY)),
                );
            });

            it("reports at mandatory when configured so", async () => {
                const run = await runProgram(configured(), () => new aws.sesv2.EmailIdentity("sender", { emailIdentity: "x@example.com" }), {
                    preview,
                    config: { [POLICY]: "mandatory" },
                });
                assert.equal(run.of(POLICY)[0]?.enforcementLevel, "mandatory");
            });
        });
    }
});

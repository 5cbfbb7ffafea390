import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as cloudflare from "@pulumi/cloudflare";
import { route53Dmarc } from "../programs/ses-programs";
import { MODES, runProgram, show, usePack } from "./pack-harness";

const POLICY = "ses-domain-dmarc";

describe(`policies: ${POLICY}`, () => {
    const pack = usePack();
    const configured = usePack({ own: true });

    for (const { preview, label } of MODES) {
        describe(label, () => {
            it("passes a v2 domain with a Route 53 DMARC record", async () => {
                const program = () => {
                    new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com" });
                    route53Dmarc("example.com", "Z1");
                };
                const run = await runProgram(pack(), program, { preview });
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });

            it("passes a subdomain covered by its organizational domain's record in Cloudflare", async () => {
                const program = () => {
                    new aws.ses.DomainIdentity("identity", { domain: "mail.example.com" });
                    new cloudflare.DnsRecord("dmarc", { zoneId: "cf", name: "_dmarc", type: "TXT", content: '"v=DMARC1; p=reject"', ttl: 1 });
                };
                const run = await runProgram(pack(), program, { preview });
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });

            it("advises on a domain without DMARC, once per domain, with a sample record", async () => {
                const program = () => {
                    new aws.sesv2.EmailIdentity("v2", { emailIdentity: "example.com" });
                    new aws.ses.DomainIdentity("v1", { domain: "example.com" });
                    new aws.sesv2.EmailIdentity("address", { emailIdentity: "a@example.com" });
                };
                const run = await runProgram(pack(), program, { preview });
                const [d, ...rest] = run.of(POLICY);
                assert.equal(rest.length, 0, show(run.of(POLICY)));
                assert.equal(d.enforcementLevel, "advisory");
                assert.match(d.message, /TXT record _dmarc\.example\.com = "v=DMARC1; p=none/);
            });

            it("does not count a TXT record at _dmarc that is not DMARC", async () => {
                const program = () => {
                    new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com" });
                    route53Dmarc("example.com", "Z1", "v=spf1 -all");
                };
                const run = await runProgram(pack(), program, { preview });
                assert.equal(run.of(POLICY).length, 1, show(run.of(POLICY)));
            });

            it("skips domains whose DMARC is managed elsewhere", async () => {
                const run = await runProgram(configured(), () => new aws.sesv2.EmailIdentity("identity", { emailIdentity: "mail.example.com" }), {
                    preview,
                    config: { [POLICY]: { externallyManagedDomains: ["example.com"] } },
                });
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });
        });
    }
});

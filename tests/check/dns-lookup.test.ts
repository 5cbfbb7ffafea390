import * as assert from "node:assert/strict";
import { createResolver, lookupRecords } from "../../check/dns-lookup";
import { dmarcRecord, easyDkimRecords, mailFromRecords } from "../../records";
import { defaultTokens } from "../../testing/sesv2-endpoint";
import { DnsServer, startDnsServer } from "../../testing/dns-server";
import { Harness, startHarness } from "./verify-harness";

const DKIM = easyDkimRecords("example.com", ["tok1", "tok2", "tok3"], "eu-west-1");
const MAIL_FROM = mailFromRecords("mail.example.com", "eu-west-1");

describe("check: --dns lookups", () => {
    let dns: DnsServer | undefined;
    afterEach(async () => {
        await dns?.close();
        dns = undefined;
    });

    it("says per record: present and right, missing (no name, or no record of the type), or another value", async () => {
        dns = await startDnsServer([
            { name: "tok1._domainkey.example.com", type: "CNAME", value: "tok1.dkim.amazonses.com" },
            { name: "tok2._domainkey.example.com", type: "CNAME", value: "tok2.dkim.eu-west-1.amazonses.com" },
            { name: "tok3._domainkey.example.com", type: "TXT", value: "not a cname" },
        ]);
        const findings = await lookupRecords(createResolver({ resolver: dns.address, timeoutMs: 1000, tries: 1 }), DKIM);
        assert.deepEqual(
            findings.map((f) => [f.record.name, f.state, f.found]),
            [
                ["tok1._domainkey.example.com", "ok", ["tok1.dkim.amazonses.com"]],
                ["tok2._domainkey.example.com", "wrong", ["tok2.dkim.eu-west-1.amazonses.com"]],
                ["tok3._domainkey.example.com", "missing", []],
            ],
        );
    });

    it("checks the MAIL FROM MX and SPF values", async () => {
        dns = await startDnsServer([
            { name: "mail.example.com", type: "MX", value: "10 feedback-smtp.eu-west-1.amazonses.com" },
            { name: "mail.example.com", type: "TXT", value: "v=spf1 -all" },
        ]);
        const findings = await lookupRecords(createResolver({ resolver: dns.address, timeoutMs: 1000, tries: 1 }), MAIL_FROM);
        assert.deepEqual(
            findings.map((f) => [f.record.type, f.state]),
            [
                ["MX", "ok"],
                ["TXT", "wrong"],
            ],
        );
    });

    it("accepts any DMARC policy for the advised DMARC record, joining split TXT strings", async () => {
        dns = await startDnsServer([{ name: "_dmarc.example.com", type: "TXT", value: "v=DMARC1; p=reject; rua=mailto:" + "x".repeat(300) + "@example.com" }]);
        const [finding] = await lookupRecords(createResolver({ resolver: dns.address, timeoutMs: 1000, tries: 1 }), [dmarcRecord("example.com")]);
        assert.equal(finding.state, "ok");
        assert.ok(finding.found[0].length > 255);
    });

    it("reports a resolver failure as an error, not as missing", async () => {
        dns = await startDnsServer([], { servfail: ["tok1._domainkey.example.com"] });
        const [finding] = await lookupRecords(createResolver({ resolver: dns.address, timeoutMs: 1000, tries: 1 }), DKIM.slice(0, 1));
        assert.equal(finding.state, "error");
        assert.equal(finding.note, "ESERVFAIL");
    });

    it("rejects a --resolver that is not an address", () => {
        assert.throws(() => createResolver({ resolver: "dns.example.com", timeoutMs: 1000, tries: 1 }), {
            name: "CheckSetupError",
            message: /--resolver 'dns.example.com'/,
        });
    });

    describe("in a verify run", () => {
        let h: Harness | undefined;
        afterEach(async () => {
            await h?.close();
            h = undefined;
        });

        it("shows that a PENDING domain's records are in DNS, so SES has not looked again yet", async () => {
            const tokens = defaultTokens("example.com");
            dns = await startDnsServer(tokens.map((t) => ({ name: `${t}._domainkey.example.com`, type: "CNAME" as const, value: `${t}.dkim.amazonses.com` })));
            h = await startHarness({ identities: [{ name: "example.com", status: "PENDING" }] });
            const report = await h.verify({
                targets: [{ identity: "example.com", region: "eu-west-1", source: "test" }],
                dns: { resolver: dns.address, timeoutMs: 1000, tries: 1 },
            });
            const states = report.identities[0].dns?.map((f) => [f.record.purpose, f.state]);
            assert.deepEqual(states, [
                ["easy-dkim", "ok"],
                ["easy-dkim", "ok"],
                ["easy-dkim", "ok"],
                ["dmarc", "missing"],
            ]);
            assert.equal(report.exitCode, 1);
            // Only the advised DMARC record is missing: nothing to say about private hosted zones.
            assert.doesNotMatch(report.identities[0].explanation.join("\n"), /private hosted zone/);
        });

        it("says, for records DNS does not serve, that a record in a private hosted zone is not visible to SES", async () => {
            dns = await startDnsServer([]);
            h = await startHarness({ identities: [{ name: "example.com", status: "PENDING" }] });
            const report = await h.verify({
                targets: [{ identity: "example.com", region: "eu-west-1", source: "test" }],
                dns: { resolver: dns.address, timeoutMs: 1000, tries: 1 },
            });
            const [identity] = report.identities;
            assert.deepEqual(
                identity.dns?.map((f) => f.state),
                ["missing", "missing", "missing", "missing"],
            );
            assert.equal(
                identity.explanation.filter((e) => e.includes("a record in a private hosted zone is not visible to SES, which looks in public DNS")).length,
                1,
                identity.explanation.join("\n"),
            );
        });

        it("says it once, in SES's HOST_NOT_FOUND, also when the resolver used here (one in the zone's VPC) serves records", async () => {
            const tokens = defaultTokens("example.com");
            dns = await startDnsServer(
                tokens.slice(0, 2).map((t) => ({ name: `${t}._domainkey.example.com`, type: "CNAME" as const, value: `${t}.dkim.amazonses.com` })),
            );
            h = await startHarness({ identities: [{ name: "example.com", status: "FAILED", errorType: "HOST_NOT_FOUND" }] });
            const report = await h.verify({
                targets: [{ identity: "example.com", region: "eu-west-1", source: "test" }],
                dns: { resolver: dns.address, timeoutMs: 1000, tries: 1 },
            });
            const [identity] = report.identities;
            assert.deepEqual(
                identity.dns?.filter((f) => f.record.required).map((f) => f.state),
                ["ok", "ok", "missing"],
            );
            const notes = identity.explanation.filter((e) => e.includes("private hosted zone"));
            assert.deepEqual(notes, [
                "HOST_NOT_FOUND: SES found no such name in public DNS: the records below are missing (or the zone is not delegated); a record in a private hosted zone is not visible to SES, which looks in public DNS",
            ]);
        });
    });
});

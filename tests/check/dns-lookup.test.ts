import * as assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { createResolver, lookupRecords } from "../../check/dns-lookup";
import { formatTable } from "../../cli/verify/report-table";
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

        // The lint of records/mail-auth-lint.ts on what live DNS serves: RFC 7208 section 4.5 (two v=spf1 records: permanent
        // error), section 4.6 (an unknown term: permanent error); RFC 7489 section 6.6.3 (an invalid p=: no policy) and
        // section 3.1.2 (aspf=s never aligns with a custom MAIL FROM subdomain).
        it("lints the SPF and DMARC values DNS serves, also for a verified identity, and shows the problems with what to write", async () => {
            const tokens = defaultTokens("example.com");
            dns = await startDnsServer([
                ...tokens.map((t) => ({ name: `${t}._domainkey.example.com`, type: "CNAME" as const, value: `${t}.dkim.amazonses.com` })),
                { name: "bounce.example.com", type: "MX", value: "10 feedback-smtp.eu-west-1.amazonses.com" },
                { name: "bounce.example.com", type: "TXT", value: "v=spf1 include:amazonses.com ~all" },
                { name: "bounce.example.com", type: "TXT", value: "v=spf1 inlcude:_spf.example.net -all" },
                { name: "_dmarc.example.com", type: "TXT", value: "v=DMARC1; p=block; aspf=s" },
            ]);
            h = await startHarness({ identities: [{ name: "example.com", status: "SUCCESS", mailFromDomain: "bounce.example.com" }] });
            const report = await h.verify({
                targets: [{ identity: "example.com", region: "eu-west-1", source: "test" }],
                dns: { resolver: dns.address, timeoutMs: 1000, tries: 1 },
            });
            const [identity] = report.identities;
            assert.ok(identity.verified, identity.explanation.join("\n"));
            const lint = (purpose: string) => identity.dns?.find((f) => f.record.purpose === purpose)?.lint?.map((l) => `${l.level}: ${l.problem}`) ?? [];
            assert.deepEqual(lint("easy-dkim"), []);
            assert.deepEqual(lint("mail-from-mx"), []);
            const spf = lint("mail-from-spf");
            assert.equal(spf.length, 2, spf.join("\n"));
            assert.match(spf[0], /^mandatory: 2 SPF records \(v=spf1\) at one name/);
            assert.match(spf[1], /^mandatory: the term "inlcude:_spf\.example\.net" is not an SPF mechanism/);
            const dmarc = lint("dmarc");
            assert.equal(dmarc.length, 2, dmarc.join("\n"));
            assert.match(dmarc[0], /^advisory: p="block" is not valid/);
            assert.match(dmarc[1], /^advisory: aspf=s \(strict\) with a custom MAIL FROM subdomain/);
            const text = formatTable(report);
            assert.match(
                text,
                /example\.com \(eu-west-1\): verified, but the records DNS serves have problems:\n {2}TXT bounce\.example\.com: \[mandatory\] 2 SPF records/,
            );
            assert.match(text, /\n {6}instead: write "include:_spf\.example\.net"/);
        });

        // RFC 8301 section 3.2 (at least 1024 bits, 2048 advised); AWS SES BYODKIM takes 1024 to 2048 bits
        // (https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-dkim-bring-your-own.html).
        it("advises 2048 bits for a 1024-bit BYODKIM key DNS serves, in the records of an identity not verified", async () => {
            const key = (bits: number) =>
                generateKeyPairSync("rsa", { modulusLength: bits }).publicKey.export({ type: "spki", format: "der" }).toString("base64");
            dns = await startDnsServer([
                { name: "short._domainkey.example.com", type: "TXT", value: `v=DKIM1; k=rsa; p=${key(1024)}` },
                { name: "long._domainkey.example.org", type: "TXT", value: `p=${key(2048)}` },
            ]);
            h = await startHarness({
                identities: [
                    { name: "example.com", status: "PENDING", dkimOrigin: "EXTERNAL", dkimTokens: ["short"] },
                    { name: "example.org", status: "PENDING", dkimOrigin: "EXTERNAL", dkimTokens: ["long"] },
                ],
            });
            const report = await h.verify({
                targets: ["example.com", "example.org"].map((identity) => ({ identity, region: "eu-west-1", source: "test" })),
                dns: { resolver: dns.address, timeoutMs: 1000, tries: 1 },
            });
            const lint = report.identities.map((r) => r.dns?.find((f) => f.record.purpose === "byodkim")?.lint?.map((l) => `${l.level}: ${l.problem}`));
            assert.equal(lint[0]?.length, 1, String(lint[0]));
            assert.match(lint[0]?.[0] ?? "", /^advisory: the DKIM key DNS serves is a 1024-bit RSA key; 2048 bits is advised/);
            assert.equal(lint[1], undefined);
            assert.match(
                formatTable(report),
                /served records' problems:\n {4}TXT short\._domainkey\.example\.com: \[advisory\] the DKIM key DNS serves is a 1024-bit/,
            );
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

import * as assert from "node:assert/strict";
import { createResolver, lookupRecords } from "../../check/dns-lookup";
import { expectedRecords } from "../../check/expected-records";
import { IdentityDetails } from "../../check/ses-calls";
import { byoDkimRecord } from "../../records";
import { DnsServer, startDnsServer } from "../../testing/dns-server";
import { Harness, startHarness } from "./verify-harness";

const KEY = "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC";

describe("check: the BYODKIM public key SES never returns stays an open part", () => {
    let dns: DnsServer | undefined;
    let h: Harness | undefined;
    afterEach(async () => {
        await h?.close();
        await dns?.close();
        h = dns = undefined;
    });

    it("reports the record with the key shown as <your public key> and marked open", () => {
        const details: IdentityDetails = { DkimAttributes: { SigningAttributesOrigin: "EXTERNAL", Tokens: ["sel2026"] } };
        const [txt, dmarc] = expectedRecords("example.com", "eu-west-1", details);
        assert.deepEqual(txt, {
            purpose: "byodkim",
            name: "sel2026._domainkey.example.com",
            type: "TXT",
            value: "p=<your public key>",
            required: true,
            openParts: ["public-key"],
        });
        assert.equal(dmarc?.openParts, undefined, "a record with every part known names none");
    });

    it("finds any published key under the selector in a verify run with --dns, and a TXT without one wrong", async () => {
        dns = await startDnsServer([
            { name: "sel2026._domainkey.example.com", type: "TXT", value: `v=DKIM1; k=rsa; p=${KEY}` },
            { name: "old._domainkey.example.org", type: "TXT", value: "v=DKIM1; k=rsa" },
        ]);
        h = await startHarness({
            identities: [
                { name: "example.com", status: "PENDING", dkimOrigin: "EXTERNAL", dkimTokens: ["sel2026"] },
                { name: "example.org", status: "PENDING", dkimOrigin: "EXTERNAL", dkimTokens: ["old"] },
            ],
        });
        const report = await h.verify({
            targets: ["example.com", "example.org"].map((identity) => ({ identity, region: "eu-west-1", source: "test" })),
            dns: { resolver: dns.address, timeoutMs: 1000, tries: 1 },
        });
        const states = report.identities.map((r) => r.dns?.filter((f) => f.record.purpose === "byodkim").map((f) => [f.record.name, f.state]));
        assert.deepEqual(states, [[["sel2026._domainkey.example.com", "ok"]], [["old._domainkey.example.org", "wrong"]]]);
    });

    it("compares a key that is known exactly, so another key under the selector is wrong", async () => {
        dns = await startDnsServer([{ name: "sel2026._domainkey.example.com", type: "TXT", value: "p=OTHERKEY" }]);
        const [finding] = await lookupRecords(createResolver({ resolver: dns.address, timeoutMs: 1000, tries: 1 }), [
            byoDkimRecord("example.com", "sel2026", KEY),
        ]);
        assert.equal(finding.state, "wrong");
    });
});

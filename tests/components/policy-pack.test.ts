import * as assert from "node:assert/strict";
import * as path from "node:path";
import { generateKeyPairSync } from "node:crypto";
import type { Diagnostic } from "../../offline-engine/analyzer-client";
import { captureProgram } from "../../testing/mock-capture";
import { runProgram as runProgramDir } from "../../offline-engine/program-runner";
import { analyzeStackThroughPack } from "../../offline-engine/run-analysis";
import { cloudflareDns, route53Dns, VerifiedDomain, VerifiedEmailAddress } from "../../components";
import { usePack } from "../policies/pack-harness";

const ROOT = path.resolve(__dirname, "../../..");
const EXAMPLE = path.join(ROOT, "examples/verified-domain");

function mandatory(result: { analyze: Diagnostic[]; analyzeStack: Diagnostic[] }): string[] {
    return [...result.analyze, ...result.analyzeStack].filter((d) => d.enforcementLevel === "mandatory").map((d) => `${d.policyName}: ${d.message}`);
}

/** Programs built only from the components, one per DNS and DKIM choice. */
const PROGRAMS: Record<string, () => unknown> = {
    "Route 53 by zone id, Easy DKIM, MAIL FROM, DMARC": () => {
        new VerifiedDomain("mail", { domain: "example.com", dns: route53Dns({ zoneId: "Z0ABC" }), mailFrom: { domain: "bounce.example.com" }, dmarc: {} });
    },
    "Route 53 parent zone by name, a subdomain in a regional-DKIM region": () => {
        new VerifiedDomain("mail", {
            domain: "mail.example.com",
            region: "eu-south-1",
            dns: route53Dns({ zoneName: "example.com" }),
            dmarc: { policy: "reject" },
        });
    },
    "Cloudflare, BYODKIM, and an address under the domain": () => {
        const { privateKey } = generateKeyPairSync("rsa", {
            modulusLength: 2048,
            privateKeyEncoding: { type: "pkcs8", format: "pem" },
            publicKeyEncoding: { type: "spki", format: "pem" },
        });
        const domain = new VerifiedDomain("mail", {
            domain: "example.com",
            dns: cloudflareDns({ zoneId: "cf-zone" }),
            dkim: { selector: "ses1", privateKey },
            dmarc: {},
        });
        new VerifiedEmailAddress("noreply", { address: "noreply@example.com", verifiedDomain: domain, configurationSet: domain.configurationSetName });
    },
};

describe("components: through the policy pack (analyzer protocol)", () => {
    const pack = usePack();

    it("is judged by a live pack: the same identity with its records published elsewhere (dns: false) is flagged", async () => {
        const program = () => {
            new VerifiedDomain("mail", { domain: "example.com", dns: false, mailFrom: { domain: "bounce.example.com" }, dmarc: {} });
        };
        const resources = await captureProgram(program, { preview: false, config: { "aws:region": "eu-west-1" } });
        const result = await analyzeStackThroughPack(pack(), resources, { preview: false });
        assert.ok(
            mandatory(result).some((m) => m.includes("example.com")),
            mandatory(result).join("\n"),
        );
    });

    for (const preview of [true, false]) {
        const mode = preview ? "preview" : "update";

        it(`passes the example program with no mandatory violation (${mode})`, async () => {
            const resources = await runProgramDir(EXAMPLE, { preview });
            const result = await analyzeStackThroughPack(pack(), resources, { preview });
            assert.deepEqual(mandatory(result), []);
        });

        for (const [label, program] of Object.entries(PROGRAMS)) {
            it(`passes ${label} with no mandatory violation (${mode})`, async () => {
                const resources = await captureProgram(program, { preview, config: { "aws:region": "eu-west-1" } });
                const result = await analyzeStackThroughPack(pack(), resources, { preview });
                assert.deepEqual(mandatory(result), []);
            });
        }
    }
});

describe("examples: unverified-raw, through the policy pack", () => {
    const pack = usePack();

    for (const preview of [true, false]) {
        it(`is rejected by the policy pack for its unpublished records (${preview ? "preview" : "update"})`, async () => {
            const resources = await runProgramDir(path.join(ROOT, "examples/unverified-raw"), { preview });
            const result = await analyzeStackThroughPack(pack(), resources, { preview });
            const mandatory = [...result.analyze, ...result.analyzeStack].filter((d) => d.enforcementLevel === "mandatory").map((d) => d.message);
            assert.ok(
                mandatory.some((m) => m.includes("example.org")),
                mandatory.join("\n"),
            );
            assert.ok(
                mandatory.some((m) => m.includes("bounce.example.org")),
                mandatory.join("\n"),
            );
            if (!preview)
                assert.ok(
                    mandatory.some((m) => m.includes("'shop-dkim-1'")),
                    "the wrong-region CNAME, once its token is known",
                );
        });
    }
});

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { dkimTokensFor, only, runProgram } from "./captured";

const ROOT = path.resolve(__dirname, "../../..");
const EXAMPLE = path.join(ROOT, "examples/verified-domain");
const COMPILED = path.join(ROOT, "dist/examples/verified-domain/index.js");
const GET_ZONE = "aws:route53/getZone:getZone";

/** The example's dev stack config, as `pulumi` would give it to the program. */
function stackConfig(): Record<string, string> {
    const doc = yaml.load(fs.readFileSync(path.join(EXAMPLE, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, string> };
    return doc.config;
}

/** Runs the compiled example program afresh, as `pulumi` runs a program's main module. */
function runExample(preview: boolean) {
    return runProgram(
        () => {
            delete require.cache[COMPILED];
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            return require(COMPILED) as Record<string, unknown>;
        },
        { preview, stack: "dev", config: stackConfig(), invokes: { [GET_ZONE]: (inputs) => ({ zoneId: "Z0EXAMPLE", name: inputs.name, id: "Z0EXAMPLE" }) } },
    );
}

describe("examples: verified-domain", () => {
    it("is a Pulumi project with a dev stack that sets aws:region", () => {
        const project = yaml.load(fs.readFileSync(path.join(EXAMPLE, "Pulumi.yaml"), "utf8")) as { name: string; runtime: { name: string } };
        assert.equal(project.name, "verified-domain");
        assert.equal(project.runtime.name, "nodejs");
        assert.equal(stackConfig()["aws:region"], "eu-west-1");
    });

    it("imports the components by package name", () => {
        assert.match(fs.readFileSync(path.join(EXAMPLE, "index.ts"), "utf8"), /from "ses-guard"/);
    });

    it("declares the domain with all its records and the address under it, during preview", async () => {
        const run = await runExample(true);
        const records = run.resources.filter((r) => r.type === "aws:route53/record:Record");
        assert.deepEqual(records.map((r) => r.name).sort(), [
            "mail-dkim-1",
            "mail-dkim-2",
            "mail-dkim-3",
            "mail-dmarc",
            "mail-mail-from-mx",
            "mail-mail-from-spf",
        ]);
        assert.ok(records.every((r) => r.inputs.zoneId === "Z0EXAMPLE"));
        assert.equal(only(run, "aws:sesv2/emailIdentity:EmailIdentity", "noreply").inputs.emailIdentity, "noreply@example.com");
    });

    it("outputs what ses-guard verify reads, after an update", async () => {
        const run = await runExample(false);
        const outputs = run.stackOutputs as { sesIdentities: unknown[]; dnsRecords: { name: string }[] };
        assert.deepEqual(outputs.sesIdentities, [
            {
                sesGuard: "ses-guard/identity",
                identity: "example.com",
                region: "eu-west-1",
                configurationSetName: "mail-dev",
                mailFromDomain: "bounce.example.com",
            },
            { sesGuard: "ses-guard/identity", identity: "noreply@example.com", region: "eu-west-1", configurationSetName: "mail-dev" },
        ]);
        assert.deepEqual(
            outputs.dnsRecords.slice(0, 3).map((r) => r.name),
            dkimTokensFor("example.com").map((t) => `${t}._domainkey.example.com`),
        );
    });
});

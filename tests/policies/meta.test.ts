import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { policies } from "../../policies";
import { ROOT, usePack } from "./pack-harness";

/** The policy files: one per policy, named after it. */
const POLICY_FILES = fs.readdirSync(path.join(ROOT, "policies")).filter((f) => /^ses-.*\.ts$/.test(f));

describe("policies: every policy", () => {
    const pack = usePack();

    it("is served by the pack under the name ses-guard, one per policy file", async () => {
        const info = await pack().session.getAnalyzerInfo();
        assert.equal(info.name, "ses-guard");
        assert.deepEqual(info.policies.map((p) => p.name).sort(), POLICY_FILES.map((f) => f.replace(/\.ts$/, "")).sort());
        assert.deepEqual(info.policies.map((p) => p.name), policies.map((p) => p.name));
    });

    it("has a kebab-case name, a full-sentence description and an enforcement level", async () => {
        for (const p of (await pack().session.getAnalyzerInfo()).policies) {
            assert.match(p.name, /^ses(-[a-z0-9]+)+$/, p.name);
            assert.match(p.description, /^[A-Z][^\n]*[a-z0-9)]\.$/, `${p.name}: ${p.description}`);
            assert.ok(["advisory", "mandatory"].includes(p.enforcementLevel), `${p.name}: ${p.enforcementLevel}`);
        }
    });

    it("declares a configSchema exactly when its code reads config, each option described with a default or a type", async () => {
        const served = new Map((await pack().session.getAnalyzerInfo()).policies.map((p) => [p.name, p]));
        for (const file of POLICY_FILES) {
            const name = file.replace(/\.ts$/, "");
            const source = fs.readFileSync(path.join(ROOT, "policies", file), "utf8");
            const readsConfig = source.includes("getConfig<");
            const schema = served.get(name)?.configSchema;
            assert.equal(schema !== undefined, readsConfig, `${name}: configSchema ${schema ? "present" : "absent"}, config ${readsConfig ? "read" : "not read"}`);
            for (const [option, spec] of Object.entries(schema?.properties ?? {})) {
                const s = spec as Record<string, unknown>;
                assert.ok(typeof s.description === "string" && s.description.length > 10, `${name}.${option} has a description`);
                assert.ok(s.type === "string" || Array.isArray(s.default), `${name}.${option} is a string or a defaulted list`);
                assert.ok(source.includes(`"${option}"`), `${name} reads ${option}`);
            }
        }
    });

    it("opens its file with a doc comment naming the policy, its kind and default level", () => {
        for (const file of POLICY_FILES) {
            const name = file.replace(/\.ts$/, "");
            const policy = policies.find((p) => p.name === name);
            assert.ok(policy, `${name} is listed in policies/index.ts`);
            const head = fs.readFileSync(path.join(ROOT, "policies", file), "utf8").split("\n").slice(0, 2).join("\n");
            const kind = "validateStack" in policy ? "stack" : "resource";
            assert.match(head, new RegExp(`^/\\*\\*\\n \\* ${name} \\(${kind} policy, ${policy.enforcementLevel}`), head);
        }
    });
});

import * as assert from "node:assert/strict";
import { targetsFromStackExport } from "../../../cli/verify/stack-export-targets";
import { sampleStackExport } from "./stack-export-sample";

describe("cli verify: identities from a stack export", () => {
    it("picks every SES identity resource with its region, configuration set and MAIL FROM domain", () => {
        assert.deepEqual(targetsFromStackExport(sampleStackExport(), "prod.json"), [
            { identity: "example.com", region: "eu-west-1", configurationSetName: "transactional", mailFromDomain: "mail.example.com", source: "prod.json" },
            { identity: "us.example.com", region: "us-east-1", configurationSetName: undefined, mailFromDomain: undefined, source: "prod.json" },
            { identity: "legacy.example.com", region: "eu-west-1", configurationSetName: undefined, mailFromDomain: undefined, source: "prod.json" },
            { identity: "ops@example.com", region: "eu-west-1", configurationSetName: undefined, mailFromDomain: undefined, source: "prod.json" },
        ]);
    });

    it("turns an unreadable export into a user error naming the file", () => {
        assert.throws(() => targetsFromStackExport({ version: 1, deployment: {} }, "old.json"), { name: "StackExportError", message: /^old.json: unsupported deployment version 1/ });
    });
});

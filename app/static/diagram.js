// Draws each workflow diagram (a <pre class="mermaid"> holding a state diagram's text) with the vendored Mermaid.
"use strict";
mermaid.initialize({startOnLoad: false, securityLevel: "strict", theme: "neutral"});
mermaid.run({querySelector: "pre.mermaid"});

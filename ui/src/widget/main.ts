// The widget's entry: widget.js, one classic script a shop's page loads
// after its <shelf-recommendations> elements (or before: elements added
// later are drawn when they are added). It reads its settings from its own
// script tag and defines the element; it has no dependencies and touches
// nothing of the page outside its elements.
import { readConfig } from "./config";
import { defineElement, report } from "./element";
import { ELEMENT } from "./shared";

const cfg = readConfig(document.currentScript ?? document.querySelector('script[src*="/widget.js"]'), location.href);
if (typeof cfg === "string") report(cfg);
else defineElement(ELEMENT, cfg);

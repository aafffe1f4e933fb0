doc rules/jilin/work-injury-contributions --out README.md/site

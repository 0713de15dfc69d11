# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_planner_global_optspecs
    string join \n color= q/quiet v/verbose h/help V/version
end

function __fish_planner_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_planner_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_planner_using_subcommand
    set -l cmd (__fish_planner_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c planner -n "__fish_planner_needs_command" -l color -d 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always (table output only)'
never\t'Never'"
complete -c planner -n "__fish_planner_needs_command" -s q -l quiet -d 'Print nothing on stderr but errors (no progress)'
complete -c planner -n "__fish_planner_needs_command" -s v -l verbose -d 'Also print, on stderr, the files read and how long the command took'
complete -c planner -n "__fish_planner_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c planner -n "__fish_planner_needs_command" -s V -l version -d 'Print version'
complete -c planner -n "__fish_planner_needs_command" -f -a "assess" -d 'Assess an app profile (app.yaml): first bottleneck, headroom, when to upgrade and the monthly cost of each architecture tier'
complete -c planner -n "__fish_planner_needs_command" -f -a "init" -d 'Write a commented starter app profile (every key, its default and what it means)'
complete -c planner -n "__fish_planner_needs_command" -f -a "tiers" -d 'List the architecture tiers, or describe one (`planner tiers show NAME`)'
complete -c planner -n "__fish_planner_needs_command" -f -a "completions" -d 'Print shell completions for bash, zsh, fish, elvish or powershell'
complete -c planner -n "__fish_planner_needs_command" -f -a "man" -d 'Print the man page (roff)'
complete -c planner -n "__fish_planner_needs_command" -f -a "solve" -d 'Solve an open queueing network analytically (network.yaml)'
complete -c planner -n "__fish_planner_needs_command" -f -a "simulate" -d 'Simulate a network (discrete events, seeded) and report figures with 95% confidence intervals'
complete -c planner -n "__fish_planner_needs_command" -f -a "check" -d 'CI gate: check headroom, months, p95, cost, utilization, scenario survival and regressions against a baseline; exit 1 when one fails'
complete -c planner -n "__fish_planner_needs_command" -f -a "timeline" -d 'Month-by-month growth timeline with uncertainty: load against each tier\'s ceiling, upgrade months (P10/P50/P90), cost; optional SVG chart'
complete -c planner -n "__fish_planner_needs_command" -f -a "compare" -d 'Compare two tiers of one profile, or two profiles (before and after a change): per component utilization, p95, headroom, months left and monthly cost, with the changes and a verdict'
complete -c planner -n "__fish_planner_needs_command" -f -a "fit" -d 'Fit a model to load-test results (open- or closed-loop CSV, oha JSON): demand, saturation with an interval, service cv, USL, and predicted latency at any rate'
complete -c planner -n "__fish_planner_needs_command" -f -a "schema" -d 'Print the JSON Schema of an input file (app profile, network, tier file or price sheet), for editors to validate and autocomplete'
complete -c planner -n "__fish_planner_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c planner -n "__fish_planner_using_subcommand assess" -l tiers -d 'A folder of tier files (`*.toml`) and optionally `prices.toml` that add to or override the built-in catalog' -r -F
complete -c planner -n "__fish_planner_using_subcommand assess" -l lead-time-months -d 'Months to start moving before a tier breaches its SLOs, 0 to 120 (default: the profile\'s `planning.lead_time_months`, else 2)' -r
complete -c planner -n "__fish_planner_using_subcommand assess" -l pricing -d 'How instances are paid for: on_demand, savings_1yr or savings_3yr (default: the profile\'s `pricing`, else on_demand)' -r
complete -c planner -n "__fish_planner_using_subcommand assess" -l network -d 'Instead of the assessment, print the network assess builds for TIER as a network file (YAML) that `planner solve` and `planner simulate` read: its right-sized configuration at --month' -r
complete -c planner -n "__fish_planner_using_subcommand assess" -l month -d 'With --network: the month (0 = today, up to the profile\'s horizon)' -r
complete -c planner -n "__fish_planner_using_subcommand assess" -l demands -d 'With `observed:` in the profile: assess with the work figures derived from it (`observed`, the default) or with those typed in `work:` (`typed`); the calibration table shows both either way' -r
complete -c planner -n "__fish_planner_using_subcommand assess" -s f -l format -d 'Output format' -r -f -a "table\t'A table for people, with units in the headers'
json\t'JSON for machines: a versioned contract'
markdown\t'Markdown, for pull-request comments and documents'
html\t'One self-contained HTML file to share (`planner assess` only; with `-o report.html`): charts as inline SVG, no scripts, nothing fetched'"
complete -c planner -n "__fish_planner_using_subcommand assess" -s o -l output -d 'Write the output to FILE instead of stdout (a regular file is replaced atomically; a device or pipe is written through); `-` is stdout' -r -F
complete -c planner -n "__fish_planner_using_subcommand assess" -l color -d 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always (table output only)'
never\t'Never'"
complete -c planner -n "__fish_planner_using_subcommand assess" -l scenarios -d 'Also run the failure scenarios on today\'s setup'
complete -c planner -n "__fish_planner_using_subcommand assess" -l current -d 'With --network: the profile\'s current setup (current tier only) instead of the right-sized configuration'
complete -c planner -n "__fish_planner_using_subcommand assess" -l detail -d 'Table format: add every tier\'s month-by-month table and the method to the one-screen summary'
complete -c planner -n "__fish_planner_using_subcommand assess" -s q -l quiet -d 'Print nothing on stderr but errors (no progress)'
complete -c planner -n "__fish_planner_using_subcommand assess" -s v -l verbose -d 'Also print, on stderr, the files read and how long the command took'
complete -c planner -n "__fish_planner_using_subcommand assess" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c planner -n "__fish_planner_using_subcommand assess" -s V -l version -d 'Print version'
complete -c planner -n "__fish_planner_using_subcommand init" -l users -d 'Monthly active users today (e.g. 40k)' -r
complete -c planner -n "__fish_planner_using_subcommand init" -l growth -d 'Monthly growth rate (e.g. 15%)' -r
complete -c planner -n "__fish_planner_using_subcommand init" -l requests-per-user -d 'API requests per daily active user per day' -r
complete -c planner -n "__fish_planner_using_subcommand init" -l color -d 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always (table output only)'
never\t'Never'"
complete -c planner -n "__fish_planner_using_subcommand init" -l force -d 'Overwrite an existing file'
complete -c planner -n "__fish_planner_using_subcommand init" -s q -l quiet -d 'Print nothing on stderr but errors (no progress)'
complete -c planner -n "__fish_planner_using_subcommand init" -s v -l verbose -d 'Also print, on stderr, the files read and how long the command took'
complete -c planner -n "__fish_planner_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c planner -n "__fish_planner_using_subcommand init" -s V -l version -d 'Print version'
complete -c planner -n "__fish_planner_using_subcommand tiers; and not __fish_seen_subcommand_from show help" -l tiers -d 'A folder of tier files and prices that add to or override the built-in catalog' -r -F
complete -c planner -n "__fish_planner_using_subcommand tiers; and not __fish_seen_subcommand_from show help" -s f -l format -d 'Output format' -r -f -a "table\t'A table for people, with units in the headers'
json\t'JSON for machines: a versioned contract'
markdown\t'Markdown, for pull-request comments and documents'
html\t'One self-contained HTML file to share (`planner assess` only; with `-o report.html`): charts as inline SVG, no scripts, nothing fetched'"
complete -c planner -n "__fish_planner_using_subcommand tiers; and not __fish_seen_subcommand_from show help" -l color -d 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always (table output only)'
never\t'Never'"
complete -c planner -n "__fish_planner_using_subcommand tiers; and not __fish_seen_subcommand_from show help" -s q -l quiet -d 'Print nothing on stderr but errors (no progress)'
complete -c planner -n "__fish_planner_using_subcommand tiers; and not __fish_seen_subcommand_from show help" -s v -l verbose -d 'Also print, on stderr, the files read and how long the command took'
complete -c planner -n "__fish_planner_using_subcommand tiers; and not __fish_seen_subcommand_from show help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c planner -n "__fish_planner_using_subcommand tiers; and not __fish_seen_subcommand_from show help" -s V -l version -d 'Print version'
complete -c planner -n "__fish_planner_using_subcommand tiers; and not __fish_seen_subcommand_from show help" -f -a "show" -d 'Components, limits, paths and prices (with their dates) of one tier'
complete -c planner -n "__fish_planner_using_subcommand tiers; and not __fish_seen_subcommand_from show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c planner -n "__fish_planner_using_subcommand tiers; and __fish_seen_subcommand_from show" -l tiers -d 'A folder of tier files and prices that add to or override the built-in catalog' -r -F
complete -c planner -n "__fish_planner_using_subcommand tiers; and __fish_seen_subcommand_from show" -s f -l format -d 'Output format' -r -f -a "table\t'A table for people, with units in the headers'
json\t'JSON for machines: a versioned contract'
markdown\t'Markdown, for pull-request comments and documents'
html\t'One self-contained HTML file to share (`planner assess` only; with `-o report.html`): charts as inline SVG, no scripts, nothing fetched'"
complete -c planner -n "__fish_planner_using_subcommand tiers; and __fish_seen_subcommand_from show" -l color -d 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always (table output only)'
never\t'Never'"
complete -c planner -n "__fish_planner_using_subcommand tiers; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print nothing on stderr but errors (no progress)'
complete -c planner -n "__fish_planner_using_subcommand tiers; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Also print, on stderr, the files read and how long the command took'
complete -c planner -n "__fish_planner_using_subcommand tiers; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c planner -n "__fish_planner_using_subcommand tiers; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c planner -n "__fish_planner_using_subcommand tiers; and __fish_seen_subcommand_from help" -f -a "show" -d 'Components, limits, paths and prices (with their dates) of one tier'
complete -c planner -n "__fish_planner_using_subcommand tiers; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c planner -n "__fish_planner_using_subcommand completions" -l color -d 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always (table output only)'
never\t'Never'"
complete -c planner -n "__fish_planner_using_subcommand completions" -s q -l quiet -d 'Print nothing on stderr but errors (no progress)'
complete -c planner -n "__fish_planner_using_subcommand completions" -s v -l verbose -d 'Also print, on stderr, the files read and how long the command took'
complete -c planner -n "__fish_planner_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c planner -n "__fish_planner_using_subcommand completions" -s V -l version -d 'Print version'
complete -c planner -n "__fish_planner_using_subcommand man" -l color -d 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always (table output only)'
never\t'Never'"
complete -c planner -n "__fish_planner_using_subcommand man" -s q -l quiet -d 'Print nothing on stderr but errors (no progress)'
complete -c planner -n "__fish_planner_using_subcommand man" -s v -l verbose -d 'Also print, on stderr, the files read and how long the command took'
complete -c planner -n "__fish_planner_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c planner -n "__fish_planner_using_subcommand man" -s V -l version -d 'Print version'
complete -c planner -n "__fish_planner_using_subcommand solve" -s f -l format -d 'Output format' -r -f -a "table\t'A table for people, with units in the headers'
json\t'JSON for machines: a versioned contract'
markdown\t'Markdown, for pull-request comments and documents'
html\t'One self-contained HTML file to share (`planner assess` only; with `-o report.html`): charts as inline SVG, no scripts, nothing fetched'"
complete -c planner -n "__fish_planner_using_subcommand solve" -s o -l output -d 'Write the output to FILE instead of stdout (a regular file is replaced atomically; a device or pipe is written through); `-` is stdout' -r -F
complete -c planner -n "__fish_planner_using_subcommand solve" -l color -d 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always (table output only)'
never\t'Never'"
complete -c planner -n "__fish_planner_using_subcommand solve" -s q -l quiet -d 'Print nothing on stderr but errors (no progress)'
complete -c planner -n "__fish_planner_using_subcommand solve" -s v -l verbose -d 'Also print, on stderr, the files read and how long the command took'
complete -c planner -n "__fish_planner_using_subcommand solve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c planner -n "__fish_planner_using_subcommand solve" -s V -l version -d 'Print version'
complete -c planner -n "__fish_planner_using_subcommand simulate" -l requests -d 'Measured external arrivals per replication (after a warm-up of a tenth as many, or five relaxation times of the slowest station if longer). Default: 50 relaxation times, at least 200,000 and at most 10,000,000' -r
complete -c planner -n "__fish_planner_using_subcommand simulate" -l duration -d 'Measured simulated seconds per replication, instead of --requests' -r
complete -c planner -n "__fish_planner_using_subcommand simulate" -l replications -d 'Independent replications (run in parallel); at least 2 with --compare, whose intervals need them' -r
complete -c planner -n "__fish_planner_using_subcommand simulate" -l seed -d 'Seed of the random streams: the same seed gives the same output' -r
complete -c planner -n "__fish_planner_using_subcommand simulate" -l threads -d 'Worker threads (0: all cores). Does not change the output' -r
complete -c planner -n "__fish_planner_using_subcommand simulate" -s f -l format -d 'Output format' -r -f -a "table\t'A table for people, with units in the headers'
json\t'JSON for machines: a versioned contract'
markdown\t'Markdown, for pull-request comments and documents'
html\t'One self-contained HTML file to share (`planner assess` only; with `-o report.html`): charts as inline SVG, no scripts, nothing fetched'"
complete -c planner -n "__fish_planner_using_subcommand simulate" -s o -l output -d 'Write the output to FILE instead of stdout (a regular file is replaced atomically; a device or pipe is written through); `-` is stdout' -r -F
complete -c planner -n "__fish_planner_using_subcommand simulate" -l color -d 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always (table output only)'
never\t'Never'"
complete -c planner -n "__fish_planner_using_subcommand simulate" -l compare -d 'Also solve analytically and print both side by side with the relative error and whether the analytic figure lies in the simulation\'s interval'
complete -c planner -n "__fish_planner_using_subcommand simulate" -s q -l quiet -d 'Print nothing on stderr but errors (no progress)'
complete -c planner -n "__fish_planner_using_subcommand simulate" -s v -l verbose -d 'Also print, on stderr, the files read and how long the command took'
complete -c planner -n "__fish_planner_using_subcommand simulate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c planner -n "__fish_planner_using_subcommand simulate" -s V -l version -d 'Print version'
complete -c planner -n "__fish_planner_using_subcommand check" -l tiers -d 'A folder of tier files that add to or override the built-in catalog' -r -F
complete -c planner -n "__fish_planner_using_subcommand check" -l min-headroom -d 'Least headroom: the load multiplier today\'s setup must take (e.g. 1.5)' -r
complete -c planner -n "__fish_planner_using_subcommand check" -l months -d 'Least months of growth before today\'s setup breaks an SLO' -r
complete -c planner -n "__fish_planner_using_subcommand check" -l max-p95 -d 'Highest API p95 today (e.g. 250ms)' -r
complete -c planner -n "__fish_planner_using_subcommand check" -l max-cost -d 'Highest monthly cost today (e.g. \'$5000\')' -r
complete -c planner -n "__fish_planner_using_subcommand check" -l max-utilization -d 'Highest utilization of any component today (e.g. 70%)' -r
complete -c planner -n "__fish_planner_using_subcommand check" -l survive -d 'Scenarios today\'s setup must survive (comma-separated): spike, instance_loss, replica_loss, cold_cache, region_failover' -r
complete -c planner -n "__fish_planner_using_subcommand check" -l baseline -d 'A baseline profile (e.g. the main branch\'s): fail on a regression' -r -F
complete -c planner -n "__fish_planner_using_subcommand check" -l max-headroom-drop -d 'Against the baseline: largest headroom drop allowed (default 10%)' -r
complete -c planner -n "__fish_planner_using_subcommand check" -l max-cost-rise -d 'Against the baseline: largest monthly cost rise allowed (default 10%)' -r
complete -c planner -n "__fish_planner_using_subcommand check" -s f -l format -d 'Output format' -r -f -a "table\t'A table for people, with units in the headers'
json\t'JSON for machines: a versioned contract'
markdown\t'Markdown, for pull-request comments and documents'
html\t'One self-contained HTML file to share (`planner assess` only; with `-o report.html`): charts as inline SVG, no scripts, nothing fetched'"
complete -c planner -n "__fish_planner_using_subcommand check" -s o -l output -d 'Write the output to FILE instead of stdout (a regular file is replaced atomically; a device or pipe is written through); `-` is stdout' -r -F
complete -c planner -n "__fish_planner_using_subcommand check" -l color -d 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always (table output only)'
never\t'Never'"
complete -c planner -n "__fish_planner_using_subcommand check" -s q -l quiet -d 'Print nothing on stderr but errors (no progress)'
complete -c planner -n "__fish_planner_using_subcommand check" -s v -l verbose -d 'Also print, on stderr, the files read and how long the command took'
complete -c planner -n "__fish_planner_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c planner -n "__fish_planner_using_subcommand check" -s V -l version -d 'Print version'
complete -c planner -n "__fish_planner_using_subcommand timeline" -l months -d 'Months to show (default: the profile\'s `users.horizon_months`)' -r
complete -c planner -n "__fish_planner_using_subcommand timeline" -l paths -d 'Monte Carlo growth paths (1 to 1,000,000)' -r
complete -c planner -n "__fish_planner_using_subcommand timeline" -l seed -d 'Seed of the growth paths: the same seed gives the same output' -r
complete -c planner -n "__fish_planner_using_subcommand timeline" -l lead-time-months -d 'Months to start moving before a tier breaches, 0 to 120 (default: the profile\'s `planning.lead_time_months`, else 2)' -r
complete -c planner -n "__fish_planner_using_subcommand timeline" -l pricing -d 'How instances are paid for: on_demand, savings_1yr or savings_3yr (default: the profile\'s `pricing`, else on_demand)' -r
complete -c planner -n "__fish_planner_using_subcommand timeline" -l tiers -d 'A folder of tier files that add to or override the built-in catalog' -r -F
complete -c planner -n "__fish_planner_using_subcommand timeline" -l chart -d 'Also draw the timeline as an SVG chart to FILE (a regular file is replaced atomically; never an input or the --output file)' -r -F
complete -c planner -n "__fish_planner_using_subcommand timeline" -s f -l format -d 'Output format' -r -f -a "table\t'A table for people, with units in the headers'
json\t'JSON for machines (`planner.timeline/v1`)'
markdown\t'Markdown'
csv\t'CSV, one line per month, units in the column names'"
complete -c planner -n "__fish_planner_using_subcommand timeline" -s o -l output -d 'Write the output to FILE instead of stdout (a regular file is replaced atomically; a device or pipe is written through); `-` is stdout' -r -F
complete -c planner -n "__fish_planner_using_subcommand timeline" -l color -d 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always (table output only)'
never\t'Never'"
complete -c planner -n "__fish_planner_using_subcommand timeline" -s q -l quiet -d 'Print nothing on stderr but errors (no progress)'
complete -c planner -n "__fish_planner_using_subcommand timeline" -s v -l verbose -d 'Also print, on stderr, the files read and how long the command took'
complete -c planner -n "__fish_planner_using_subcommand timeline" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c planner -n "__fish_planner_using_subcommand timeline" -s V -l version -d 'Print version'
complete -c planner -n "__fish_planner_using_subcommand compare" -l from -d 'With one profile: the tier to compare from (default: the profile\'s current tier). `-` and `_` are alike: cache-cdn = cache_cdn' -r
complete -c planner -n "__fish_planner_using_subcommand compare" -l to -d 'With one profile: the tier to compare to' -r
complete -c planner -n "__fish_planner_using_subcommand compare" -l tier -d 'With two profiles: evaluate both on this tier instead of each on its current tier' -r
complete -c planner -n "__fish_planner_using_subcommand compare" -l tiers -d 'A folder of tier files that add to or override the built-in catalog' -r -F
complete -c planner -n "__fish_planner_using_subcommand compare" -s f -l format -d 'Output format' -r -f -a "table\t'A table for people, with units in the headers'
json\t'JSON for machines: a versioned contract'
markdown\t'Markdown, for pull-request comments and documents'
html\t'One self-contained HTML file to share (`planner assess` only; with `-o report.html`): charts as inline SVG, no scripts, nothing fetched'"
complete -c planner -n "__fish_planner_using_subcommand compare" -s o -l output -d 'Write the output to FILE instead of stdout (a regular file is replaced atomically; a device or pipe is written through); `-` is stdout' -r -F
complete -c planner -n "__fish_planner_using_subcommand compare" -l color -d 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always (table output only)'
never\t'Never'"
complete -c planner -n "__fish_planner_using_subcommand compare" -s q -l quiet -d 'Print nothing on stderr but errors (no progress)'
complete -c planner -n "__fish_planner_using_subcommand compare" -s v -l verbose -d 'Also print, on stderr, the files read and how long the command took'
complete -c planner -n "__fish_planner_using_subcommand compare" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c planner -n "__fish_planner_using_subcommand compare" -s V -l version -d 'Print version'
complete -c planner -n "__fish_planner_using_subcommand fit" -l format-in -d 'How to read it (default: from the header or content)' -r -f -a "auto\t'Detect from the header (CSV) or content (JSON)'
open\t'Open-loop CSV: `offered_rps,achieved_rps,p50_ms,p95_ms,p99_ms[,utilization][,error_rate]`'
closed\t'Closed-loop CSV: `clients,throughput_rps[,mean_ms][,p50_ms][,p95_ms][,p99_ms][,utilization]`'
oha\t'oha\'s JSON output (`oha --output-format json`), one file per step or a folder of them'"
complete -c planner -n "__fish_planner_using_subcommand fit" -l max-utilization -d 'Fit only the steps whose measured utilization is at most this fraction (e.g. 0.75 or 75%); the others are predicted and compared' -r
complete -c planner -n "__fish_planner_using_subcommand fit" -l predict -d 'Also predict at these arrival rates, req/s (comma-separated, e.g. 500,1k,2000)' -r
complete -c planner -n "__fish_planner_using_subcommand fit" -l arrival-scv -d 'Squared coefficient of variation of the load generator\'s inter-arrival times: 0 for a constant-rate generator, 1 for Poisson' -r
complete -c planner -n "__fish_planner_using_subcommand fit" -l discipline -d 'How the resource under test serves its requests: `ps` for a CPU time-sliced among processes and requests (the usual case), `fcfs` for one that serves one request at a time in order' -r -f -a "ps\t'Processor sharing: a CPU time-sliced among everything on it'
fcfs\t'First come, first served: one request at a time, in order'"
complete -c planner -n "__fish_planner_using_subcommand fit" -l emit -d 'Instead of the report, write a network YAML (for solve/simulate) or the `work:` figures of an app profile' -r -f -a "network\t'A network YAML (one station for the measured stack, processor sharing with its background work or first come first served, and one delay for the fixed latency) at the rate `--emit-rate` or the busiest fitted step'
profile\t'The `work:` section of an app profile'"
complete -c planner -n "__fish_planner_using_subcommand fit" -l emit-rate -d 'Arrival rate of the emitted network, req/s (default: the busiest fitted step\'s rate; 80% of saturation for closed-loop data)' -r
complete -c planner -n "__fish_planner_using_subcommand fit" -l chart -d 'Also draw measured against fitted as an SVG chart to FILE' -r -F
complete -c planner -n "__fish_planner_using_subcommand fit" -s f -l format -d 'Output format' -r -f -a "table\t'A table for people, with units in the headers'
json\t'JSON for machines: a versioned contract'
markdown\t'Markdown, for pull-request comments and documents'
html\t'One self-contained HTML file to share (`planner assess` only; with `-o report.html`): charts as inline SVG, no scripts, nothing fetched'"
complete -c planner -n "__fish_planner_using_subcommand fit" -s o -l output -d 'Write the output to FILE instead of stdout (a regular file is replaced atomically; a device or pipe is written through); `-` is stdout' -r -F
complete -c planner -n "__fish_planner_using_subcommand fit" -l color -d 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always (table output only)'
never\t'Never'"
complete -c planner -n "__fish_planner_using_subcommand fit" -s q -l quiet -d 'Print nothing on stderr but errors (no progress)'
complete -c planner -n "__fish_planner_using_subcommand fit" -s v -l verbose -d 'Also print, on stderr, the files read and how long the command took'
complete -c planner -n "__fish_planner_using_subcommand fit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c planner -n "__fish_planner_using_subcommand fit" -s V -l version -d 'Print version'
complete -c planner -n "__fish_planner_using_subcommand schema" -l color -d 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always (table output only)'
never\t'Never'"
complete -c planner -n "__fish_planner_using_subcommand schema" -s q -l quiet -d 'Print nothing on stderr but errors (no progress)'
complete -c planner -n "__fish_planner_using_subcommand schema" -s v -l verbose -d 'Also print, on stderr, the files read and how long the command took'
complete -c planner -n "__fish_planner_using_subcommand schema" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c planner -n "__fish_planner_using_subcommand schema" -s V -l version -d 'Print version'
complete -c planner -n "__fish_planner_using_subcommand help; and not __fish_seen_subcommand_from assess init tiers completions man solve simulate check timeline compare fit schema help" -f -a "assess" -d 'Assess an app profile (app.yaml): first bottleneck, headroom, when to upgrade and the monthly cost of each architecture tier'
complete -c planner -n "__fish_planner_using_subcommand help; and not __fish_seen_subcommand_from assess init tiers completions man solve simulate check timeline compare fit schema help" -f -a "init" -d 'Write a commented starter app profile (every key, its default and what it means)'
complete -c planner -n "__fish_planner_using_subcommand help; and not __fish_seen_subcommand_from assess init tiers completions man solve simulate check timeline compare fit schema help" -f -a "tiers" -d 'List the architecture tiers, or describe one (`planner tiers show NAME`)'
complete -c planner -n "__fish_planner_using_subcommand help; and not __fish_seen_subcommand_from assess init tiers completions man solve simulate check timeline compare fit schema help" -f -a "completions" -d 'Print shell completions for bash, zsh, fish, elvish or powershell'
complete -c planner -n "__fish_planner_using_subcommand help; and not __fish_seen_subcommand_from assess init tiers completions man solve simulate check timeline compare fit schema help" -f -a "man" -d 'Print the man page (roff)'
complete -c planner -n "__fish_planner_using_subcommand help; and not __fish_seen_subcommand_from assess init tiers completions man solve simulate check timeline compare fit schema help" -f -a "solve" -d 'Solve an open queueing network analytically (network.yaml)'
complete -c planner -n "__fish_planner_using_subcommand help; and not __fish_seen_subcommand_from assess init tiers completions man solve simulate check timeline compare fit schema help" -f -a "simulate" -d 'Simulate a network (discrete events, seeded) and report figures with 95% confidence intervals'
complete -c planner -n "__fish_planner_using_subcommand help; and not __fish_seen_subcommand_from assess init tiers completions man solve simulate check timeline compare fit schema help" -f -a "check" -d 'CI gate: check headroom, months, p95, cost, utilization, scenario survival and regressions against a baseline; exit 1 when one fails'
complete -c planner -n "__fish_planner_using_subcommand help; and not __fish_seen_subcommand_from assess init tiers completions man solve simulate check timeline compare fit schema help" -f -a "timeline" -d 'Month-by-month growth timeline with uncertainty: load against each tier\'s ceiling, upgrade months (P10/P50/P90), cost; optional SVG chart'
complete -c planner -n "__fish_planner_using_subcommand help; and not __fish_seen_subcommand_from assess init tiers completions man solve simulate check timeline compare fit schema help" -f -a "compare" -d 'Compare two tiers of one profile, or two profiles (before and after a change): per component utilization, p95, headroom, months left and monthly cost, with the changes and a verdict'
complete -c planner -n "__fish_planner_using_subcommand help; and not __fish_seen_subcommand_from assess init tiers completions man solve simulate check timeline compare fit schema help" -f -a "fit" -d 'Fit a model to load-test results (open- or closed-loop CSV, oha JSON): demand, saturation with an interval, service cv, USL, and predicted latency at any rate'
complete -c planner -n "__fish_planner_using_subcommand help; and not __fish_seen_subcommand_from assess init tiers completions man solve simulate check timeline compare fit schema help" -f -a "schema" -d 'Print the JSON Schema of an input file (app profile, network, tier file or price sheet), for editors to validate and autocomplete'
complete -c planner -n "__fish_planner_using_subcommand help; and not __fish_seen_subcommand_from assess init tiers completions man solve simulate check timeline compare fit schema help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c planner -n "__fish_planner_using_subcommand help; and __fish_seen_subcommand_from tiers" -f -a "show" -d 'Components, limits, paths and prices (with their dates) of one tier'


using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'planner' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'planner'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'planner' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors (no progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors (no progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on stderr, the files read and how long the command took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on stderr, the files read and how long the command took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('assess', 'assess', [CompletionResultType]::ParameterValue, 'Assess an app profile (app.yaml): first bottleneck, headroom, when to upgrade and the monthly cost of each architecture tier')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented starter app profile (every key, its default and what it means)')
            [CompletionResult]::new('tiers', 'tiers', [CompletionResultType]::ParameterValue, 'List the architecture tiers, or describe one (`planner tiers show NAME`)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions for bash, zsh, fish, elvish or powershell')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff)')
            [CompletionResult]::new('solve', 'solve', [CompletionResultType]::ParameterValue, 'Solve an open queueing network analytically (network.yaml)')
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Simulate a network (discrete events, seeded) and report figures with 95% confidence intervals')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'CI gate: check headroom, months, p95, cost, utilization, scenario survival and regressions against a baseline; exit 1 when one fails')
            [CompletionResult]::new('timeline', 'timeline', [CompletionResultType]::ParameterValue, 'Month-by-month growth timeline with uncertainty: load against each tier''s ceiling, upgrade months (P10/P50/P90), cost; optional SVG chart')
            [CompletionResult]::new('compare', 'compare', [CompletionResultType]::ParameterValue, 'Compare two tiers of one profile, or two profiles (before and after a change): per component utilization, p95, headroom, months left and monthly cost, with the changes and a verdict')
            [CompletionResult]::new('fit', 'fit', [CompletionResultType]::ParameterValue, 'Fit a model to load-test results (open- or closed-loop CSV, oha JSON): demand, saturation with an interval, service cv, USL, and predicted latency at any rate')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema of an input file (app profile, network, tier file or price sheet), for editors to validate and autocomplete')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'planner;assess' {
            [CompletionResult]::new('--tiers', '--tiers', [CompletionResultType]::ParameterName, 'A folder of tier files (`*.toml`) and optionally `prices.toml` that add to or override the built-in catalog')
            [CompletionResult]::new('--lead-time-months', '--lead-time-months', [CompletionResultType]::ParameterName, 'Months to start moving before a tier breaches its SLOs, 0 to 120 (default: the profile''s `planning.lead_time_months`, else 2)')
            [CompletionResult]::new('--pricing', '--pricing', [CompletionResultType]::ParameterName, 'How instances are paid for: on_demand, savings_1yr or savings_3yr (default: the profile''s `pricing`, else on_demand)')
            [CompletionResult]::new('--network', '--network', [CompletionResultType]::ParameterName, 'Instead of the assessment, print the network assess builds for TIER as a network file (YAML) that `planner solve` and `planner simulate` read: its right-sized configuration at --month')
            [CompletionResult]::new('--month', '--month', [CompletionResultType]::ParameterName, 'With --network: the month (0 = today, up to the profile''s horizon)')
            [CompletionResult]::new('--demands', '--demands', [CompletionResultType]::ParameterName, 'With `observed:` in the profile: assess with the work figures derived from it (`observed`, the default) or with those typed in `work:` (`typed`); the calibration table shows both either way')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the output to FILE instead of stdout (a regular file is replaced atomically; a device or pipe is written through); `-` is stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the output to FILE instead of stdout (a regular file is replaced atomically; a device or pipe is written through); `-` is stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured')
            [CompletionResult]::new('--scenarios', '--scenarios', [CompletionResultType]::ParameterName, 'Also run the failure scenarios on today''s setup')
            [CompletionResult]::new('--current', '--current', [CompletionResultType]::ParameterName, 'With --network: the profile''s current setup (current tier only) instead of the right-sized configuration')
            [CompletionResult]::new('--detail', '--detail', [CompletionResultType]::ParameterName, 'Table format: add every tier''s month-by-month table and the method to the one-screen summary')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors (no progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors (no progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on stderr, the files read and how long the command took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on stderr, the files read and how long the command took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'planner;init' {
            [CompletionResult]::new('--users', '--users', [CompletionResultType]::ParameterName, 'Monthly active users today (e.g. 40k)')
            [CompletionResult]::new('--growth', '--growth', [CompletionResultType]::ParameterName, 'Monthly growth rate (e.g. 15%)')
            [CompletionResult]::new('--requests-per-user', '--requests-per-user', [CompletionResultType]::ParameterName, 'API requests per daily active user per day')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite an existing file')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors (no progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors (no progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on stderr, the files read and how long the command took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on stderr, the files read and how long the command took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'planner;tiers' {
            [CompletionResult]::new('--tiers', '--tiers', [CompletionResultType]::ParameterName, 'A folder of tier files and prices that add to or override the built-in catalog')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors (no progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors (no progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on stderr, the files read and how long the command took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on stderr, the files read and how long the command took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Components, limits, paths and prices (with their dates) of one tier')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'planner;tiers;show' {
            [CompletionResult]::new('--tiers', '--tiers', [CompletionResultType]::ParameterName, 'A folder of tier files and prices that add to or override the built-in catalog')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors (no progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors (no progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on stderr, the files read and how long the command took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on stderr, the files read and how long the command took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'planner;tiers;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Components, limits, paths and prices (with their dates) of one tier')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'planner;tiers;help;show' {
            break
        }
        'planner;tiers;help;help' {
            break
        }
        'planner;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors (no progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors (no progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on stderr, the files read and how long the command took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on stderr, the files read and how long the command took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'planner;man' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors (no progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors (no progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on stderr, the files read and how long the command took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on stderr, the files read and how long the command took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'planner;solve' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the output to FILE instead of stdout (a regular file is replaced atomically; a device or pipe is written through); `-` is stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the output to FILE instead of stdout (a regular file is replaced atomically; a device or pipe is written through); `-` is stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors (no progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors (no progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on stderr, the files read and how long the command took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on stderr, the files read and how long the command took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'planner;simulate' {
            [CompletionResult]::new('--requests', '--requests', [CompletionResultType]::ParameterName, 'Measured external arrivals per replication (after a warm-up of a tenth as many, or five relaxation times of the slowest station if longer). Default: 50 relaxation times, at least 200,000 and at most 10,000,000')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Measured simulated seconds per replication, instead of --requests')
            [CompletionResult]::new('--replications', '--replications', [CompletionResultType]::ParameterName, 'Independent replications (run in parallel); at least 2 with --compare, whose intervals need them')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed of the random streams: the same seed gives the same output')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads (0: all cores). Does not change the output')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the output to FILE instead of stdout (a regular file is replaced atomically; a device or pipe is written through); `-` is stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the output to FILE instead of stdout (a regular file is replaced atomically; a device or pipe is written through); `-` is stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured')
            [CompletionResult]::new('--compare', '--compare', [CompletionResultType]::ParameterName, 'Also solve analytically and print both side by side with the relative error and whether the analytic figure lies in the simulation''s interval')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors (no progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors (no progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on stderr, the files read and how long the command took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on stderr, the files read and how long the command took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'planner;check' {
            [CompletionResult]::new('--tiers', '--tiers', [CompletionResultType]::ParameterName, 'A folder of tier files that add to or override the built-in catalog')
            [CompletionResult]::new('--min-headroom', '--min-headroom', [CompletionResultType]::ParameterName, 'Least headroom: the load multiplier today''s setup must take (e.g. 1.5)')
            [CompletionResult]::new('--months', '--months', [CompletionResultType]::ParameterName, 'Least months of growth before today''s setup breaks an SLO')
            [CompletionResult]::new('--max-p95', '--max-p95', [CompletionResultType]::ParameterName, 'Highest API p95 today (e.g. 250ms)')
            [CompletionResult]::new('--max-cost', '--max-cost', [CompletionResultType]::ParameterName, 'Highest monthly cost today (e.g. ''$5000'')')
            [CompletionResult]::new('--max-utilization', '--max-utilization', [CompletionResultType]::ParameterName, 'Highest utilization of any component today (e.g. 70%)')
            [CompletionResult]::new('--survive', '--survive', [CompletionResultType]::ParameterName, 'Scenarios today''s setup must survive (comma-separated): spike, instance_loss, replica_loss, cold_cache, region_failover')
            [CompletionResult]::new('--baseline', '--baseline', [CompletionResultType]::ParameterName, 'A baseline profile (e.g. the main branch''s): fail on a regression')
            [CompletionResult]::new('--max-headroom-drop', '--max-headroom-drop', [CompletionResultType]::ParameterName, 'Against the baseline: largest headroom drop allowed (default 10%)')
            [CompletionResult]::new('--max-cost-rise', '--max-cost-rise', [CompletionResultType]::ParameterName, 'Against the baseline: largest monthly cost rise allowed (default 10%)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the output to FILE instead of stdout (a regular file is replaced atomically; a device or pipe is written through); `-` is stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the output to FILE instead of stdout (a regular file is replaced atomically; a device or pipe is written through); `-` is stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors (no progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors (no progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on stderr, the files read and how long the command took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on stderr, the files read and how long the command took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'planner;timeline' {
            [CompletionResult]::new('--months', '--months', [CompletionResultType]::ParameterName, 'Months to show (default: the profile''s `users.horizon_months`)')
            [CompletionResult]::new('--paths', '--paths', [CompletionResultType]::ParameterName, 'Monte Carlo growth paths (1 to 1,000,000)')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed of the growth paths: the same seed gives the same output')
            [CompletionResult]::new('--lead-time-months', '--lead-time-months', [CompletionResultType]::ParameterName, 'Months to start moving before a tier breaches, 0 to 120 (default: the profile''s `planning.lead_time_months`, else 2)')
            [CompletionResult]::new('--pricing', '--pricing', [CompletionResultType]::ParameterName, 'How instances are paid for: on_demand, savings_1yr or savings_3yr (default: the profile''s `pricing`, else on_demand)')
            [CompletionResult]::new('--tiers', '--tiers', [CompletionResultType]::ParameterName, 'A folder of tier files that add to or override the built-in catalog')
            [CompletionResult]::new('--chart', '--chart', [CompletionResultType]::ParameterName, 'Also draw the timeline as an SVG chart to FILE (a regular file is replaced atomically; never an input or the --output file)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the output to FILE instead of stdout (a regular file is replaced atomically; a device or pipe is written through); `-` is stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the output to FILE instead of stdout (a regular file is replaced atomically; a device or pipe is written through); `-` is stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors (no progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors (no progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on stderr, the files read and how long the command took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on stderr, the files read and how long the command took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'planner;compare' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'With one profile: the tier to compare from (default: the profile''s current tier). `-` and `_` are alike: cache-cdn = cache_cdn')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'With one profile: the tier to compare to')
            [CompletionResult]::new('--tier', '--tier', [CompletionResultType]::ParameterName, 'With two profiles: evaluate both on this tier instead of each on its current tier')
            [CompletionResult]::new('--tiers', '--tiers', [CompletionResultType]::ParameterName, 'A folder of tier files that add to or override the built-in catalog')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the output to FILE instead of stdout (a regular file is replaced atomically; a device or pipe is written through); `-` is stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the output to FILE instead of stdout (a regular file is replaced atomically; a device or pipe is written through); `-` is stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors (no progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors (no progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on stderr, the files read and how long the command took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on stderr, the files read and how long the command took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'planner;fit' {
            [CompletionResult]::new('--format-in', '--format-in', [CompletionResultType]::ParameterName, 'How to read it (default: from the header or content)')
            [CompletionResult]::new('--max-utilization', '--max-utilization', [CompletionResultType]::ParameterName, 'Fit only the steps whose measured utilization is at most this fraction (e.g. 0.75 or 75%); the others are predicted and compared')
            [CompletionResult]::new('--predict', '--predict', [CompletionResultType]::ParameterName, 'Also predict at these arrival rates, req/s (comma-separated, e.g. 500,1k,2000)')
            [CompletionResult]::new('--arrival-scv', '--arrival-scv', [CompletionResultType]::ParameterName, 'Squared coefficient of variation of the load generator''s inter-arrival times: 0 for a constant-rate generator, 1 for Poisson')
            [CompletionResult]::new('--discipline', '--discipline', [CompletionResultType]::ParameterName, 'How the resource under test serves its requests: `ps` for a CPU time-sliced among processes and requests (the usual case), `fcfs` for one that serves one request at a time in order')
            [CompletionResult]::new('--emit', '--emit', [CompletionResultType]::ParameterName, 'Instead of the report, write a network YAML (for solve/simulate) or the `work:` figures of an app profile')
            [CompletionResult]::new('--emit-rate', '--emit-rate', [CompletionResultType]::ParameterName, 'Arrival rate of the emitted network, req/s (default: the busiest fitted step''s rate; 80% of saturation for closed-loop data)')
            [CompletionResult]::new('--chart', '--chart', [CompletionResultType]::ParameterName, 'Also draw measured against fitted as an SVG chart to FILE')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the output to FILE instead of stdout (a regular file is replaced atomically; a device or pipe is written through); `-` is stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the output to FILE instead of stdout (a regular file is replaced atomically; a device or pipe is written through); `-` is stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors (no progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors (no progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on stderr, the files read and how long the command took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on stderr, the files read and how long the command took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'planner;schema' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors (no progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors (no progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on stderr, the files read and how long the command took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on stderr, the files read and how long the command took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'planner;help' {
            [CompletionResult]::new('assess', 'assess', [CompletionResultType]::ParameterValue, 'Assess an app profile (app.yaml): first bottleneck, headroom, when to upgrade and the monthly cost of each architecture tier')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented starter app profile (every key, its default and what it means)')
            [CompletionResult]::new('tiers', 'tiers', [CompletionResultType]::ParameterValue, 'List the architecture tiers, or describe one (`planner tiers show NAME`)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions for bash, zsh, fish, elvish or powershell')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff)')
            [CompletionResult]::new('solve', 'solve', [CompletionResultType]::ParameterValue, 'Solve an open queueing network analytically (network.yaml)')
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Simulate a network (discrete events, seeded) and report figures with 95% confidence intervals')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'CI gate: check headroom, months, p95, cost, utilization, scenario survival and regressions against a baseline; exit 1 when one fails')
            [CompletionResult]::new('timeline', 'timeline', [CompletionResultType]::ParameterValue, 'Month-by-month growth timeline with uncertainty: load against each tier''s ceiling, upgrade months (P10/P50/P90), cost; optional SVG chart')
            [CompletionResult]::new('compare', 'compare', [CompletionResultType]::ParameterValue, 'Compare two tiers of one profile, or two profiles (before and after a change): per component utilization, p95, headroom, months left and monthly cost, with the changes and a verdict')
            [CompletionResult]::new('fit', 'fit', [CompletionResultType]::ParameterValue, 'Fit a model to load-test results (open- or closed-loop CSV, oha JSON): demand, saturation with an interval, service cv, USL, and predicted latency at any rate')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema of an input file (app profile, network, tier file or price sheet), for editors to validate and autocomplete')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'planner;help;assess' {
            break
        }
        'planner;help;init' {
            break
        }
        'planner;help;tiers' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Components, limits, paths and prices (with their dates) of one tier')
            break
        }
        'planner;help;tiers;show' {
            break
        }
        'planner;help;completions' {
            break
        }
        'planner;help;man' {
            break
        }
        'planner;help;solve' {
            break
        }
        'planner;help;simulate' {
            break
        }
        'planner;help;check' {
            break
        }
        'planner;help;timeline' {
            break
        }
        'planner;help;compare' {
            break
        }
        'planner;help;fit' {
            break
        }
        'planner;help;schema' {
            break
        }
        'planner;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}

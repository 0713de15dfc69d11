
use builtin;
use str;

set edit:completion:arg-completer[planner] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'planner'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'planner'= {
            cand --color 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured'
            cand -q 'Print nothing on stderr but errors (no progress)'
            cand --quiet 'Print nothing on stderr but errors (no progress)'
            cand -v 'Also print, on stderr, the files read and how long the command took'
            cand --verbose 'Also print, on stderr, the files read and how long the command took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand assess 'Assess an app profile (app.yaml): first bottleneck, headroom, when to upgrade and the monthly cost of each architecture tier'
            cand init 'Write a commented starter app profile (every key, its default and what it means)'
            cand tiers 'List the architecture tiers, or describe one (`planner tiers show NAME`)'
            cand completions 'Print shell completions for bash, zsh, fish, elvish or powershell'
            cand man 'Print the man page (roff)'
            cand solve 'Solve an open queueing network analytically (network.yaml)'
            cand simulate 'Simulate a network (discrete events, seeded) and report figures with 95% confidence intervals'
            cand check 'CI gate: check headroom, months, p95, cost, utilization, scenario survival and regressions against a baseline; exit 1 when one fails'
            cand timeline 'Month-by-month growth timeline with uncertainty: load against each tier''s ceiling, upgrade months (P10/P50/P90), cost; optional SVG chart'
            cand compare 'Compare two tiers of one profile, or two profiles (before and after a change): per component utilization, p95, headroom, months left and monthly cost, with the changes and a verdict'
            cand fit 'Fit a model to load-test results (open- or closed-loop CSV, oha JSON): demand, saturation with an interval, service cv, USL, and predicted latency at any rate'
            cand schema 'Print the JSON Schema of an input file (app profile, network, tier file or price sheet), for editors to validate and autocomplete'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'planner;assess'= {
            cand --tiers 'A folder of tier files (`*.toml`) and optionally `prices.toml` that add to or override the built-in catalog'
            cand --lead-time-months 'Months to start moving before a tier breaches its SLOs, 0 to 120 (default: the profile''s `planning.lead_time_months`, else 2)'
            cand --pricing 'How instances are paid for: on_demand, savings_1yr or savings_3yr (default: the profile''s `pricing`, else on_demand)'
            cand --network 'Instead of the assessment, print the network assess builds for TIER as a network file (YAML) that `planner solve` and `planner simulate` read: its right-sized configuration at --month'
            cand --month 'With --network: the month (0 = today, up to the profile''s horizon)'
            cand --demands 'With `observed:` in the profile: assess with the work figures derived from it (`observed`, the default) or with those typed in `work:` (`typed`); the calibration table shows both either way'
            cand -f 'Output format'
            cand --format 'Output format'
            cand -o 'Write the output to FILE instead of stdout (a regular file is replaced atomically; a device or pipe is written through); `-` is stdout'
            cand --output 'Write the output to FILE instead of stdout (a regular file is replaced atomically; a device or pipe is written through); `-` is stdout'
            cand --color 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured'
            cand --scenarios 'Also run the failure scenarios on today''s setup'
            cand --current 'With --network: the profile''s current setup (current tier only) instead of the right-sized configuration'
            cand --detail 'Table format: add every tier''s month-by-month table and the method to the one-screen summary'
            cand -q 'Print nothing on stderr but errors (no progress)'
            cand --quiet 'Print nothing on stderr but errors (no progress)'
            cand -v 'Also print, on stderr, the files read and how long the command took'
            cand --verbose 'Also print, on stderr, the files read and how long the command took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'planner;init'= {
            cand --users 'Monthly active users today (e.g. 40k)'
            cand --growth 'Monthly growth rate (e.g. 15%)'
            cand --requests-per-user 'API requests per daily active user per day'
            cand --color 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured'
            cand --force 'Overwrite an existing file'
            cand -q 'Print nothing on stderr but errors (no progress)'
            cand --quiet 'Print nothing on stderr but errors (no progress)'
            cand -v 'Also print, on stderr, the files read and how long the command took'
            cand --verbose 'Also print, on stderr, the files read and how long the command took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'planner;tiers'= {
            cand --tiers 'A folder of tier files and prices that add to or override the built-in catalog'
            cand -f 'Output format'
            cand --format 'Output format'
            cand --color 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured'
            cand -q 'Print nothing on stderr but errors (no progress)'
            cand --quiet 'Print nothing on stderr but errors (no progress)'
            cand -v 'Also print, on stderr, the files read and how long the command took'
            cand --verbose 'Also print, on stderr, the files read and how long the command took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'Components, limits, paths and prices (with their dates) of one tier'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'planner;tiers;show'= {
            cand --tiers 'A folder of tier files and prices that add to or override the built-in catalog'
            cand -f 'Output format'
            cand --format 'Output format'
            cand --color 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured'
            cand -q 'Print nothing on stderr but errors (no progress)'
            cand --quiet 'Print nothing on stderr but errors (no progress)'
            cand -v 'Also print, on stderr, the files read and how long the command took'
            cand --verbose 'Also print, on stderr, the files read and how long the command took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'planner;tiers;help'= {
            cand show 'Components, limits, paths and prices (with their dates) of one tier'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'planner;tiers;help;show'= {
        }
        &'planner;tiers;help;help'= {
        }
        &'planner;completions'= {
            cand --color 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured'
            cand -q 'Print nothing on stderr but errors (no progress)'
            cand --quiet 'Print nothing on stderr but errors (no progress)'
            cand -v 'Also print, on stderr, the files read and how long the command took'
            cand --verbose 'Also print, on stderr, the files read and how long the command took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'planner;man'= {
            cand --color 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured'
            cand -q 'Print nothing on stderr but errors (no progress)'
            cand --quiet 'Print nothing on stderr but errors (no progress)'
            cand -v 'Also print, on stderr, the files read and how long the command took'
            cand --verbose 'Also print, on stderr, the files read and how long the command took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'planner;solve'= {
            cand -f 'Output format'
            cand --format 'Output format'
            cand -o 'Write the output to FILE instead of stdout (a regular file is replaced atomically; a device or pipe is written through); `-` is stdout'
            cand --output 'Write the output to FILE instead of stdout (a regular file is replaced atomically; a device or pipe is written through); `-` is stdout'
            cand --color 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured'
            cand -q 'Print nothing on stderr but errors (no progress)'
            cand --quiet 'Print nothing on stderr but errors (no progress)'
            cand -v 'Also print, on stderr, the files read and how long the command took'
            cand --verbose 'Also print, on stderr, the files read and how long the command took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'planner;simulate'= {
            cand --requests 'Measured external arrivals per replication (after a warm-up of a tenth as many, or five relaxation times of the slowest station if longer). Default: 50 relaxation times, at least 200,000 and at most 10,000,000'
            cand --duration 'Measured simulated seconds per replication, instead of --requests'
            cand --replications 'Independent replications (run in parallel); at least 2 with --compare, whose intervals need them'
            cand --seed 'Seed of the random streams: the same seed gives the same output'
            cand --threads 'Worker threads (0: all cores). Does not change the output'
            cand -f 'Output format'
            cand --format 'Output format'
            cand -o 'Write the output to FILE instead of stdout (a regular file is replaced atomically; a device or pipe is written through); `-` is stdout'
            cand --output 'Write the output to FILE instead of stdout (a regular file is replaced atomically; a device or pipe is written through); `-` is stdout'
            cand --color 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured'
            cand --compare 'Also solve analytically and print both side by side with the relative error and whether the analytic figure lies in the simulation''s interval'
            cand -q 'Print nothing on stderr but errors (no progress)'
            cand --quiet 'Print nothing on stderr but errors (no progress)'
            cand -v 'Also print, on stderr, the files read and how long the command took'
            cand --verbose 'Also print, on stderr, the files read and how long the command took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'planner;check'= {
            cand --tiers 'A folder of tier files that add to or override the built-in catalog'
            cand --min-headroom 'Least headroom: the load multiplier today''s setup must take (e.g. 1.5)'
            cand --months 'Least months of growth before today''s setup breaks an SLO'
            cand --max-p95 'Highest API p95 today (e.g. 250ms)'
            cand --max-cost 'Highest monthly cost today (e.g. ''$5000'')'
            cand --max-utilization 'Highest utilization of any component today (e.g. 70%)'
            cand --survive 'Scenarios today''s setup must survive (comma-separated): spike, instance_loss, replica_loss, cold_cache, region_failover'
            cand --baseline 'A baseline profile (e.g. the main branch''s): fail on a regression'
            cand --max-headroom-drop 'Against the baseline: largest headroom drop allowed (default 10%)'
            cand --max-cost-rise 'Against the baseline: largest monthly cost rise allowed (default 10%)'
            cand -f 'Output format'
            cand --format 'Output format'
            cand -o 'Write the output to FILE instead of stdout (a regular file is replaced atomically; a device or pipe is written through); `-` is stdout'
            cand --output 'Write the output to FILE instead of stdout (a regular file is replaced atomically; a device or pipe is written through); `-` is stdout'
            cand --color 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured'
            cand -q 'Print nothing on stderr but errors (no progress)'
            cand --quiet 'Print nothing on stderr but errors (no progress)'
            cand -v 'Also print, on stderr, the files read and how long the command took'
            cand --verbose 'Also print, on stderr, the files read and how long the command took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'planner;timeline'= {
            cand --months 'Months to show (default: the profile''s `users.horizon_months`)'
            cand --paths 'Monte Carlo growth paths (1 to 1,000,000)'
            cand --seed 'Seed of the growth paths: the same seed gives the same output'
            cand --lead-time-months 'Months to start moving before a tier breaches, 0 to 120 (default: the profile''s `planning.lead_time_months`, else 2)'
            cand --pricing 'How instances are paid for: on_demand, savings_1yr or savings_3yr (default: the profile''s `pricing`, else on_demand)'
            cand --tiers 'A folder of tier files that add to or override the built-in catalog'
            cand --chart 'Also draw the timeline as an SVG chart to FILE (a regular file is replaced atomically; never an input or the --output file)'
            cand -f 'Output format'
            cand --format 'Output format'
            cand -o 'Write the output to FILE instead of stdout (a regular file is replaced atomically; a device or pipe is written through); `-` is stdout'
            cand --output 'Write the output to FILE instead of stdout (a regular file is replaced atomically; a device or pipe is written through); `-` is stdout'
            cand --color 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured'
            cand -q 'Print nothing on stderr but errors (no progress)'
            cand --quiet 'Print nothing on stderr but errors (no progress)'
            cand -v 'Also print, on stderr, the files read and how long the command took'
            cand --verbose 'Also print, on stderr, the files read and how long the command took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'planner;compare'= {
            cand --from 'With one profile: the tier to compare from (default: the profile''s current tier). `-` and `_` are alike: cache-cdn = cache_cdn'
            cand --to 'With one profile: the tier to compare to'
            cand --tier 'With two profiles: evaluate both on this tier instead of each on its current tier'
            cand --tiers 'A folder of tier files that add to or override the built-in catalog'
            cand -f 'Output format'
            cand --format 'Output format'
            cand -o 'Write the output to FILE instead of stdout (a regular file is replaced atomically; a device or pipe is written through); `-` is stdout'
            cand --output 'Write the output to FILE instead of stdout (a regular file is replaced atomically; a device or pipe is written through); `-` is stdout'
            cand --color 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured'
            cand -q 'Print nothing on stderr but errors (no progress)'
            cand --quiet 'Print nothing on stderr but errors (no progress)'
            cand -v 'Also print, on stderr, the files read and how long the command took'
            cand --verbose 'Also print, on stderr, the files read and how long the command took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'planner;fit'= {
            cand --format-in 'How to read it (default: from the header or content)'
            cand --max-utilization 'Fit only the steps whose measured utilization is at most this fraction (e.g. 0.75 or 75%); the others are predicted and compared'
            cand --predict 'Also predict at these arrival rates, req/s (comma-separated, e.g. 500,1k,2000)'
            cand --arrival-scv 'Squared coefficient of variation of the load generator''s inter-arrival times: 0 for a constant-rate generator, 1 for Poisson'
            cand --discipline 'How the resource under test serves its requests: `ps` for a CPU time-sliced among processes and requests (the usual case), `fcfs` for one that serves one request at a time in order'
            cand --emit 'Instead of the report, write a network YAML (for solve/simulate) or the `work:` figures of an app profile'
            cand --emit-rate 'Arrival rate of the emitted network, req/s (default: the busiest fitted step''s rate; 80% of saturation for closed-loop data)'
            cand --chart 'Also draw measured against fitted as an SVG chart to FILE'
            cand -f 'Output format'
            cand --format 'Output format'
            cand -o 'Write the output to FILE instead of stdout (a regular file is replaced atomically; a device or pipe is written through); `-` is stdout'
            cand --output 'Write the output to FILE instead of stdout (a regular file is replaced atomically; a device or pipe is written through); `-` is stdout'
            cand --color 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured'
            cand -q 'Print nothing on stderr but errors (no progress)'
            cand --quiet 'Print nothing on stderr but errors (no progress)'
            cand -v 'Also print, on stderr, the files read and how long the command took'
            cand --verbose 'Also print, on stderr, the files read and how long the command took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'planner;schema'= {
            cand --color 'Colour in tables: `auto` colours only on a terminal and honours NO_COLOR; JSON and Markdown are never coloured'
            cand -q 'Print nothing on stderr but errors (no progress)'
            cand --quiet 'Print nothing on stderr but errors (no progress)'
            cand -v 'Also print, on stderr, the files read and how long the command took'
            cand --verbose 'Also print, on stderr, the files read and how long the command took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'planner;help'= {
            cand assess 'Assess an app profile (app.yaml): first bottleneck, headroom, when to upgrade and the monthly cost of each architecture tier'
            cand init 'Write a commented starter app profile (every key, its default and what it means)'
            cand tiers 'List the architecture tiers, or describe one (`planner tiers show NAME`)'
            cand completions 'Print shell completions for bash, zsh, fish, elvish or powershell'
            cand man 'Print the man page (roff)'
            cand solve 'Solve an open queueing network analytically (network.yaml)'
            cand simulate 'Simulate a network (discrete events, seeded) and report figures with 95% confidence intervals'
            cand check 'CI gate: check headroom, months, p95, cost, utilization, scenario survival and regressions against a baseline; exit 1 when one fails'
            cand timeline 'Month-by-month growth timeline with uncertainty: load against each tier''s ceiling, upgrade months (P10/P50/P90), cost; optional SVG chart'
            cand compare 'Compare two tiers of one profile, or two profiles (before and after a change): per component utilization, p95, headroom, months left and monthly cost, with the changes and a verdict'
            cand fit 'Fit a model to load-test results (open- or closed-loop CSV, oha JSON): demand, saturation with an interval, service cv, USL, and predicted latency at any rate'
            cand schema 'Print the JSON Schema of an input file (app profile, network, tier file or price sheet), for editors to validate and autocomplete'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'planner;help;assess'= {
        }
        &'planner;help;init'= {
        }
        &'planner;help;tiers'= {
            cand show 'Components, limits, paths and prices (with their dates) of one tier'
        }
        &'planner;help;tiers;show'= {
        }
        &'planner;help;completions'= {
        }
        &'planner;help;man'= {
        }
        &'planner;help;solve'= {
        }
        &'planner;help;simulate'= {
        }
        &'planner;help;check'= {
        }
        &'planner;help;timeline'= {
        }
        &'planner;help;compare'= {
        }
        &'planner;help;fit'= {
        }
        &'planner;help;schema'= {
        }
        &'planner;help;help'= {
        }
    ]
    $completions[$command]
}

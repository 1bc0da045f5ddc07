<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ClicksLoopView</name>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="44"/>
        <source>Each input becomes a message in the queue; one loop thread takes them out in order and calls the handler each one carries.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="70"/>
        <source>Event loop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="73"/>
        <source>CPU {pct:.0f}%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="77"/>
        <source>{n} handler(s) on the worker pool; the loop is free for the next message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="80"/>
        <source>inside {handler}(#{id}); {n} message(s) wait their turn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="83"/>
        <source>blocked in queue.get() for {t}: no CPU until a message arrives</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="86"/>
        <source>taking the next message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="91"/>
        <source>a worker runs it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="92"/>
        <source>on_click, on_key_down...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="95"/>
        <source>blocks: no CPU while empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="108"/>
        <source>queue: {n} waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="110"/>
        <source>, oldest {t}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="111"/>
        <source>  (oldest first)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="114"/>
        <source>loop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="132"/>
        <source>busy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="132"/>
        <source>get()</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="132"/>
        <source>next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="145"/>
        <source>+{n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="146"/>
        <source>more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="151"/>
        <source>empty: every click so far has been taken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="171"/>
        <source>no handler running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="178"/>
        <source>{handler}(#{id}) waited {wait}, running {t} of {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="182"/>
        <source>worker {w}: {text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="187"/>
        <source>+{n} more handlers running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="200"/>
        <source>waited:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="204"/>
        <source>#{id} {t}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="207"/>
        <source>each click&apos;s time in the queue, when the loop takes it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="214"/>
        <source>message in the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="214"/>
        <source>handler running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="215"/>
        <source>loop blocked, no CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="215"/>
        <source>lost (queue full)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="224"/>
        <source>sent {sent} · handled {handled} · lost {lost} · longest wait {w}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="229"/>
        <source>loop thread CPU: {pct:.0f}% of one core</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="231"/>
        <source>clicks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="231"/>
        <source>handlers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="231"/>
        <source>handler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_loop_view.py" line="231"/>
        <source>now</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClicksPad</name>
    <message>
        <location filename="../widgets/clicks_pad.py" line="54"/>
        <source>Each click or key press here is one input, fed at the same instant to the polling thread and to the event loop.</source>
        <extracomment>The user clicked or pressed a key: kind (&quot;click&quot; or &quot;key_down&quot;) and a label (&quot;left&quot;, &quot;A&quot;).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_pad.py" line="130"/>
        <source>Click here, or press a key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_pad.py" line="133"/>
        <source>typing needs focus: the dashed border lights up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_pad.py" line="134"/>
        <source>each input goes to both designs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_pad.py" line="152"/>
        <source>click</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_pad.py" line="162"/>
        <source>latest:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClicksPlots</name>
    <message>
        <location filename="../widgets/clicks_plots.py" line="57"/>
        <source>CPU:</source>
        <extracomment>Latencies below this are drawn on it (a log axis has no zero). CPU samples further apart than this (the tab was hidden, the panel was not drawing) are not joined.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_plots.py" line="57"/>
        <source>polling thread</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_plots.py" line="57"/>
        <source>event loop thread</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_plots.py" line="58"/>
        <source>seconds ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_plots.py" line="58"/>
        <source>% of one core</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_plots.py" line="61"/>
        <source>Read from each thread&apos;s own CPU clock (pthread_getcpuclockid), several times a second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_plots.py" line="66"/>
        <source>Latency, input to handler start:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_plots.py" line="66"/>
        <source>polling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_plots.py" line="67"/>
        <source>event loop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_plots.py" line="67"/>
        <source>click number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_plots.py" line="67"/>
        <source>ms (log scale)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_plots.py" line="69"/>
        <source>One point per click whose handler started; a lost click has no point</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClicksPollingView</name>
    <message>
        <location filename="../widgets/clicks_polling_view.py" line="36"/>
        <source>A thread reads every device&apos;s register in turn, forever, and runs the handler of any click it finds before it reads on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_polling_view.py" line="45"/>
        <source>mouse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_polling_view.py" line="45"/>
        <source>mouse + keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_polling_view.py" line="47"/>
        <source>keyboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_polling_view.py" line="48"/>
        <source>device {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_polling_view.py" line="67"/>
        <source>Polling thread</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_polling_view.py" line="70"/>
        <source>CPU {pct:.0f}%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_polling_view.py" line="74"/>
        <source>inside {handler}(#{id}): nothing is scanned until it returns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_polling_view.py" line="77"/>
        <source>scans {n} device(s), then sleeps {ms:g} ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_polling_view.py" line="79"/>
        <source>spinning: {rate} sweeps/s over {n} device(s), with nothing to find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_polling_view.py" line="85"/>
        <source>between sweeps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_polling_view.py" line="86"/>
        <source>no sleep: spin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_polling_view.py" line="89"/>
        <source>{us:g} µs each</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_polling_view.py" line="90"/>
        <source>inline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_polling_view.py" line="116"/>
        <source>+{n} devices nobody clicks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_polling_view.py" line="132"/>
        <source>waiting {t}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_polling_view.py" line="136"/>
        <source>empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_polling_view.py" line="171"/>
        <source>{handler}(#{id}) running: {t} of {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_polling_view.py" line="175"/>
        <source>no handler running: the thread is looking for clicks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_polling_view.py" line="177"/>
        <source>#{id} handled; back to scanning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_polling_view.py" line="184"/>
        <source>lost: {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_polling_view.py" line="196"/>
        <source>a click arriving while the register is full overwrites it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_polling_view.py" line="201"/>
        <source>scan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_polling_view.py" line="201"/>
        <source>latched click</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_polling_view.py" line="202"/>
        <source>handler running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_polling_view.py" line="202"/>
        <source>lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_polling_view.py" line="202"/>
        <source>device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_polling_view.py" line="210"/>
        <source>sent {sent} · handled {handled} · lost {lost} · latency p95 {p95}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_polling_view.py" line="216"/>
        <source>polling thread CPU: {pct:.0f}% of one core</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_polling_view.py" line="218"/>
        <source>clicks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_polling_view.py" line="218"/>
        <source>handler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/clicks_polling_view.py" line="218"/>
        <source>now</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClientsPane</name>
    <message>
        <location filename="../widgets/sockets_clients.py" line="194"/>
        <source>Type to the server</source>
        <extracomment>Longest a built-in client runs (each one also stops on &quot;Stop all clients&quot; and on shutdown). Finished clients kept in the table. Misbehaving kinds a user can launch.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="196"/>
        <source>Add client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="197"/>
        <source>Open a new connection to the server; then type a line and press Enter: the echo appears below</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="202"/>
        <source>The connection your lines go to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="206"/>
        <source>type a message and press Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="207"/>
        <source>Sent with a newline to the chosen connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="210"/>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="211"/>
        <source>Send the line (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="218"/>
        <source>What you send (→) and what the server echoes (←)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="227"/>
        <source>Load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="229"/>
        <source>Concurrent connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="230"/>
        <source>Requests per second per connection (0: as fast as the server answers)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="232"/>
        <source>Bytes per request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="233"/>
        <source>How long the load runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="234"/>
        <source>max</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="235"/>
        <source>clients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="235"/>
        <source>req/s each</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="236"/>
        <source>bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="236"/>
        <source>seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="239"/>
        <location filename="../widgets/sockets_clients.py" line="374"/>
        <location filename="../widgets/sockets_clients.py" line="443"/>
        <source>Start load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="240"/>
        <source>N connections doing request/echo round trips, every byte checked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="243"/>
        <source>no load running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="248"/>
        <source>Misbehaving clients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="251"/>
        <source>Writes 16 MiB fast but reads slowly: the server&apos;s buffer for it fills, so it stops reading that socket (back-pressure) until the buffer drains</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="253"/>
        <source>Sends a little, then aborts with RST: the server&apos;s recv/send fails with ECONNRESET</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="255"/>
        <source>Sends 64 KiB, then shuts its write side (FIN): the server reads b&apos;&apos; but keeps echoing what it holds, then closes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="257"/>
        <source>Connects and does nothing: it costs the server a registered socket, nothing more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="259"/>
        <source>Slow reader</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="259"/>
        <source>Reset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="260"/>
        <source>Half-close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="260"/>
        <source>Idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="271"/>
        <source>client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="271"/>
        <source>local address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="271"/>
        <source>sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="272"/>
        <source>received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="272"/>
        <source>state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="278"/>
        <source>The built-in clients (the load&apos;s connections are summed up above)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="284"/>
        <source>Stop all clients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="285"/>
        <source>Close every built-in connection and stop the load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="308"/>
        <source>Start the server first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="346"/>
        <location filename="../widgets/sockets_clients.py" line="428"/>
        <source>client {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="364"/>
        <source>Stop load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="366"/>
        <source>connecting {n} clients…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="453"/>
        <source>load failed: {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="454"/>
        <source>Load failed: {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="459"/>
        <location filename="../widgets/sockets_clients.py" line="484"/>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="459"/>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="460"/>
        <source>{head}: {n} connected · {req} requests · {rps} req/s · p50 {p50:.2f} ms · p99 {p99:.2f} ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="464"/>
        <source> · {e} errors, {i} wrong echoes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="466"/>
        <source> · every byte checked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="480"/>
        <source>echo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="480"/>
        <source>typed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="480"/>
        <source>slow reader</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="481"/>
        <source>reset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="481"/>
        <source>half-close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="481"/>
        <source>idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="483"/>
        <source>error: {e}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="484"/>
        <source>finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="497"/>
        <source>{n} built-in clients running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="516"/>
        <source>That connection is closed; add a new client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_clients.py" line="533"/>
        <source>Every built-in client stopped</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CodePane</name>
    <message>
        <location filename="../widgets/code_pane.py" line="141"/>
        <source>Server loop:</source>
        <extracomment>The pane became visible (True) or hidden (False): tracing is only worth its cost while shown.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/code_pane.py" line="144"/>
        <source>select()</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/code_pane.py" line="144"/>
        <source>accept()</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/code_pane.py" line="144"/>
        <source>recv()</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/code_pane.py" line="145"/>
        <source>send()</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/code_pane.py" line="147"/>
        <source>Waiting in select(): the one place the loop blocks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/code_pane.py" line="148"/>
        <source>The listening socket was readable: accept() a new connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/code_pane.py" line="149"/>
        <source>A connection was readable: recv() its bytes and try to echo them at once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/code_pane.py" line="150"/>
        <source>A connection was writable (or bytes arrived): send() from its buffer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/code_pane.py" line="182"/>
        <source>line {n}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EventLogModel</name>
    <message>
        <location filename="../widgets/event_log.py" line="67"/>
        <source>{n} B left</source>
        <extracomment>Event kinds the log shows (LoopPhase is the code pane&apos;s business, not the log&apos;s). Export header (also the order of a row&apos;s fields).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="68"/>
        <source>partial, {n} B left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="69"/>
        <source>{n} B buffered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="70"/>
        <source>{reason} (in {bin} B, out {bout} B)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="71"/>
        <source>{reason}; retry in {ms} ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="72"/>
        <source>time (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="72"/>
        <source>fd</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="72"/>
        <source>peer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="72"/>
        <source>event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="73"/>
        <source>bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="73"/>
        <source>detail</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EventLogView</name>
    <message>
        <location filename="../widgets/event_log.py" line="282"/>
        <source>fd:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="285"/>
        <source>all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="287"/>
        <source>Show only the events of this file descriptor (click a node on the map to pick its fd; &apos;all&apos; shows every fd)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="292"/>
        <source>Events ▾</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="293"/>
        <source>Choose which kinds of events the log shows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="304"/>
        <source>Show all kinds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="305"/>
        <source>Only connections (accept/close/refuse)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="309"/>
        <location filename="../widgets/event_log.py" line="402"/>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="311"/>
        <source>Freeze the log to read it; events keep arriving and are added when you resume (the newest {n} are kept)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="315"/>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="316"/>
        <source>Empty the log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="321"/>
        <source>Rows shown / rows kept (the log keeps the newest {n})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="324"/>
        <source>CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="325"/>
        <source>Export the rows shown to a CSV file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="328"/>
        <source>JSON…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="329"/>
        <source>Export the rows shown to a JSON file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="364"/>
        <source>{shown} / {kept} rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="366"/>
        <source> · paused, {n} waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="402"/>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="422"/>
        <location filename="../widgets/event_log.py" line="429"/>
        <source>Export the event log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="423"/>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="430"/>
        <source>JSON files (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="446"/>
        <source>Could not write {path}: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="448"/>
        <source>Exported {n} events to {path}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExplanationBox</name>
    <message>
        <location filename="../widgets/explanation.py" line="22"/>
        <source>What you are seeing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/explanation.py" line="27"/>
        <source>Show or hide the explanation.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Guide</name>
    <message>
        <location filename="../app.py" line="293"/>
        <source>&lt;h2&gt;Event-driven programming, made visible&lt;/h2&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="294"/>
        <source>&lt;p&gt;&lt;b&gt;Polling vs events.&lt;/b&gt; A program can ask a device again and again whether something happened (polling): it burns CPU when nothing happens and misses what happens while it is busy. Or the system can put each event into a &lt;i&gt;message queue&lt;/i&gt;; an &lt;i&gt;event loop&lt;/i&gt; sleeps until a message arrives, takes it out and calls the handler the message names.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="298"/>
        <source>&lt;p&gt;&lt;b&gt;Two phases of a read.&lt;/b&gt; Reading from a socket means (1) waiting until data has arrived in the kernel and (2) copying it into the process. Blocking, non-blocking, multiplexed and signal-driven I/O all block during the copy: they are &lt;i&gt;synchronous&lt;/i&gt;. Only asynchronous I/O hands the process data already copied.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="302"/>
        <source>&lt;p&gt;&lt;b&gt;I/O multiplexing.&lt;/b&gt; select, poll and epoll let one thread wait on many sockets. select and poll hand the kernel the whole set at every call and make the program scan it for the ready ones; select also stops at FD_SETSIZE (1024). epoll keeps the set in the kernel and returns only the ready sockets.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="306"/>
        <source>&lt;p&gt;&lt;b&gt;An event-driven server.&lt;/b&gt; One thread, one loop: wait for readiness, then accept, read or write without blocking. A slow peer must not block the others, and a peer that never reads must not grow the server&apos;s memory (back-pressure).&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IoModelsLanes</name>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="66"/>
        <source>Blocking</source>
        <extracomment>Shortest zoom window, so a copy of a few microseconds is still wide.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="67"/>
        <source>Non-blocking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="68"/>
        <source>I/O multiplexing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="69"/>
        <source>Signal-driven</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="70"/>
        <source>Asynchronous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="75"/>
        <source>synchronous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="75"/>
        <source>asynchronous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="364"/>
        <source>wait for data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="365"/>
        <source>copy into the buffer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="366"/>
        <location filename="../widgets/iomodels_lanes.py" line="763"/>
        <source>asleep in a system call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="367"/>
        <source>held in its own recv, copying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="368"/>
        <source>awake, polling (EAGAIN)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="369"/>
        <location filename="../widgets/iomodels_lanes.py" line="766"/>
        <source>doing other work</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="370"/>
        <source>no progress: CPU taken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="371"/>
        <source>request in flight (kernel / helper)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="372"/>
        <source>system call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="373"/>
        <source>EAGAIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="374"/>
        <source>SIGIO</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="375"/>
        <source>readiness</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="376"/>
        <source>completion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="377"/>
        <source>sender&apos;s write</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="415"/>
        <source>Whole run: time since the read was issued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="417"/>
        <source>The copy, zoomed: around data ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="493"/>
        <source>wait {w} · copy {c}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="494"/>
        <source>system calls: {n} · EAGAIN: {e}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="496"/>
        <source>other work: {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="510"/>
        <source>failed: {m}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="517"/>
        <source>waiting for its turn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="517"/>
        <source>not run yet: press Run again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="533"/>
        <source>running… {t}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="556"/>
        <location filename="../widgets/iomodels_lanes.py" line="558"/>
        <source>wait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="559"/>
        <location filename="../widgets/iomodels_lanes.py" line="561"/>
        <source>copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="663"/>
        <source>no other work done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="723"/>
        <source>ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="749"/>
        <source>process</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="749"/>
        <source>sender process</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="750"/>
        <source>completion thread</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="751"/>
        <source>{who}: {name} → {res}, {dur} at {at}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="755"/>
        <source>, copied {n} bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="759"/>
        <source>{n} EAGAIN returns here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="764"/>
        <source>held in its own recv while the kernel copies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="765"/>
        <source>awake, polling: EAGAIN again and again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="767"/>
        <source>no progress, in no system call: another task had the CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/iomodels_lanes.py" line="769"/>
        <source>{what} for {dur}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../app.py" line="60"/>
        <source>evsim: event-driven programming, made visible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="104"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="105"/>
        <source>&amp;Export event log...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="106"/>
        <source>Ctrl+E</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="107"/>
        <source>Save the current lab&apos;s event log as CSV or JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="110"/>
        <source>Save &amp;screenshot...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="111"/>
        <source>Ctrl+Shift+S</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="112"/>
        <source>Save a PNG picture of the window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="116"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="121"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="128"/>
        <source>Animation &amp;speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="132"/>
        <source>%1x</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="138"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="139"/>
        <source>&amp;Guide to the concepts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="143"/>
        <source>&amp;About evsim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="149"/>
        <location filename="../app.py" line="195"/>
        <source>server: stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="191"/>
        <source>server: listening on %1:%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="207"/>
        <location filename="../app.py" line="221"/>
        <source>This lab has no event log to export.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="210"/>
        <source>Export event log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="211"/>
        <source>CSV (*.csv);;JSON (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="227"/>
        <source>Could not export to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="229"/>
        <source>Exported %1 events to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="234"/>
        <source>Save screenshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="234"/>
        <source>PNG (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="241"/>
        <source>Saved %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="241"/>
        <source>Could not write %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="248"/>
        <source>evsim guide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="268"/>
        <source>About evsim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="270"/>
        <source>&lt;b&gt;evsim %1&lt;/b&gt;&lt;p&gt;A lab that makes event-driven programming and I/O multiplexing visible. Everything it shows runs for real: threads, sockets, selectors and signals, measured with real clocks.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MultiplexChart</name>
    <message>
        <location filename="../widgets/multiplex_chart.py" line="55"/>
        <source>watched sockets N (log scale)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/multiplex_chart.py" line="56"/>
        <source>µs per call, median (log scale)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/multiplex_chart.py" line="73"/>
        <source>%1 median</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/multiplex_chart.py" line="75"/>
        <source>select refused (ValueError)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/multiplex_chart.py" line="77"/>
        <source>95th percentile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/multiplex_chart.py" line="81"/>
        <source>FD_SETSIZE = %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/multiplex_chart.py" line="114"/>
        <source>select refused:
ValueError, fd &gt;= %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MultiplexGrid</name>
    <message>
        <location filename="../widgets/multiplex_grid.py" line="51"/>
        <source>Each cell is one real socket (both ends of socketpairs); yellow cells have a byte waiting.
select and poll look at every cell on every call; epoll is handed only the ready ones.</source>
        <extracomment>One colour per backend, shared with the chart.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/multiplex_grid.py" line="201"/>
        <source>measuring...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/multiplex_grid.py" line="202"/>
        <source>not measured at this N and K yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/multiplex_grid.py" line="207"/>
        <source>refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/multiplex_grid.py" line="210"/>
        <source>%1 µs/call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/multiplex_grid.py" line="216"/>
        <source>ValueError: an fd is &gt;= FD_SETSIZE (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/multiplex_grid.py" line="218"/>
        <source>%1 sockets, %2 ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/multiplex_grid.py" line="220"/>
        <source>hands back only the %1 ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/multiplex_grid.py" line="221"/>
        <source>looks at all %1 to find %2 ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/multiplex_grid.py" line="228"/>
        <source> · 1 cell = %1 sockets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/multiplex_grid.py" line="230"/>
        <source>%1 of %2 descriptors are &gt;= %3 (red)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/multiplex_grid.py" line="236"/>
        <source>calls: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/multiplex_grid.py" line="238"/>
        <source> · %1x faster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/multiplex_grid.py" line="242"/>
        <source>select.select() raised
ValueError: filedescriptor
out of range in select()</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/multiplex_grid.py" line="260"/>
        <source>idle socket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/multiplex_grid.py" line="261"/>
        <source>ready, not found yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/multiplex_grid.py" line="262"/>
        <source>looked at this call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/multiplex_grid.py" line="263"/>
        <source>ready, reported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/multiplex_grid.py" line="264"/>
        <source>scan position</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/multiplex_grid.py" line="265"/>
        <source>never looked at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/multiplex_grid.py" line="266"/>
        <source>fd &gt;= FD_SETSIZE</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Panel</name>
    <message>
        <location filename="../labs/clicks.py" line="83"/>
        <source>Auto-clicker</source>
        <extracomment>How often each consumer thread&apos;s CPU clock is sampled (ns). The polling thread, the event loop and the auto-clicker are running. A click from the pad was delivered to both designs (its number).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/clicks.py" line="90"/>
        <source> bursts/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/clicks.py" line="92"/>
        <source>How many times a second the auto-clicker clicks (a thread with a steady clock).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/clicks.py" line="96"/>
        <source> click(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/clicks.py" line="98"/>
        <source>Clicks sent back to back each time, like a double click: faster than any scan, so a register keeps only the last one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/clicks.py" line="100"/>
        <location filename="../labs/clicks.py" line="291"/>
        <source>Start auto-clicking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/clicks.py" line="102"/>
        <source>Start or stop the auto-clicker; its clicks go to both designs, like yours.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/clicks.py" line="104"/>
        <source>Rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/clicks.py" line="105"/>
        <source>Burst</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/clicks.py" line="109"/>
        <source>Handlers (both designs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/clicks.py" line="115"/>
        <location filename="../labs/clicks.py" line="133"/>
        <location filename="../labs/iomodels.py" line="62"/>
        <location filename="../labs/multiplex.py" line="123"/>
        <source> ms</source>
        <extracomment>The demo ``evsim shot`` records: the defaults (five lanes done well within its 3 seconds). One model&apos;s run finished (its id), and its lane is drawn. A &quot;Run again&quot; ended: how many models completed, how many failed.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/clicks.py" line="117"/>
        <source>How long on_click and on_key_down block, like a handler that writes a file or calls a server before it returns.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/clicks.py" line="119"/>
        <source>Event loop: offload handlers to a pool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/clicks.py" line="120"/>
        <source>The loop hands each handler to a worker thread (ThreadPoolExecutor) and goes straight back to the queue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/clicks.py" line="122"/>
        <source>Handler time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/clicks.py" line="126"/>
        <source>Polling thread</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/clicks.py" line="134"/>
        <source>0 (spin)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/clicks.py" line="136"/>
        <source>Sleep between two sweeps over the devices. 0 spins: clicks are found sooner, at the cost of a whole core.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/clicks.py" line="141"/>
        <source>Registers the thread reads on every sweep: the mouse, the keyboard, and devices nobody clicks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/clicks.py" line="147"/>
        <source> µs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/clicks.py" line="149"/>
        <source>Real CPU work spent reading each device: a sweep costs devices x this, and a click waits for the sweep to reach it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/clicks.py" line="151"/>
        <source>Let other threads have the GIL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/clicks.py" line="152"/>
        <source>The poller sleeps 50 µs after each millisecond of polling, so other Python threads (this window&apos;s included) get the GIL. Untick it: a spinning poller makes every other thread wait ~5 ms each time, and this window stutters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/clicks.py" line="156"/>
        <source>Interval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/clicks.py" line="157"/>
        <source>Devices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/clicks.py" line="158"/>
        <source>Scan cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/clicks.py" line="248"/>
        <source>Could not start the clicks lab: {e}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/clicks.py" line="258"/>
        <source>Polling thread and event loop running; click the pad.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/clicks.py" line="291"/>
        <source>Stop auto-clicking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/clicks.py" line="331"/>
        <source>Clicks: polling vs event loop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/clicks.py" line="335"/>
        <source>&lt;b&gt;What you are seeing.&lt;/b&gt; Each click, key press or auto-click goes, at the same instant, to two real threads.&lt;br&gt;&lt;b&gt;Polling&lt;/b&gt; (left) reads every device&apos;s register in turn, forever: it burns CPU with nothing to find, sees a click only when the scan gets there, and runs the handler inline. Meanwhile a new click overwrites the unread one: &lt;b&gt;lost&lt;/b&gt;.&lt;br&gt;&lt;b&gt;Event loop&lt;/b&gt; (right): a click becomes a message in a queue. The loop sleeps in &lt;tt&gt;queue.get()&lt;/tt&gt; (no CPU), then calls the handler the message carries. Nothing is lost; a slow handler makes the others &lt;b&gt;wait&lt;/b&gt;. &lt;i&gt;Offload&lt;/i&gt; runs handlers on a worker pool.&lt;br&gt;CPU is read from each thread&apos;s own clock. Both threads share the GIL with this window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="63"/>
        <source>How long after the read is issued the sender writes the message. This is the wait phase.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="68"/>
        <source> KiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="69"/>
        <source>Size of the message. A larger message makes the copy phase longer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="72"/>
        <source>The sender writes the message in this many pieces, 1 ms apart: each piece needs its own readiness, signal or recv.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="77"/>
        <source>The call the I/O multiplexing model sleeps in, watching 4 sockets of which one gets the message.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="88"/>
        <source>Delay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="89"/>
        <source>Message size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="90"/>
        <source>Pieces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="91"/>
        <source>Multiplexing call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="92"/>
        <source>The message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="95"/>
        <source>Run again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="97"/>
        <source>Run all five models for real, one after another, and draw their timelines.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="103"/>
        <source>%v of %m models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="104"/>
        <source>Models run so far in this round.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="105"/>
        <source>Not run yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="107"/>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="113"/>
        <source>Runs not done yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="116"/>
        <source>What actually ran, as the runs reported it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="117"/>
        <source>What ran</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="147"/>
        <source>I/O models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="151"/>
        <source>&lt;p&gt;A read has two phases: &lt;b&gt;wait&lt;/b&gt; until the data reaches the kernel, then &lt;b&gt;copy&lt;/b&gt; it into the process&apos;s buffer. Each lane is one real run: a sender process writes the message after the delay, and the process reads it with one of the five models.&lt;/p&gt;&lt;p&gt;Left: the whole run. Right: the copy, zoomed around the moment the data was ready. &lt;b&gt;Grey&lt;/b&gt;: asleep in a system call. &lt;b&gt;Orange&lt;/b&gt;: awake, asking &quot;ready yet?&quot; (EAGAIN). &lt;b&gt;Green&lt;/b&gt;: other work (the curve counts it). &lt;b&gt;Blue&lt;/b&gt;: its own &lt;tt&gt;recv&lt;/tt&gt; copying.&lt;/p&gt;&lt;p&gt;Only the &lt;b&gt;asynchronous&lt;/b&gt; model is free in both phases: the kernel fills its buffer and tells it when it is done.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="228"/>
        <source>A run is still going: wait for it to finish.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="235"/>
        <source>Cannot run: {e}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="242"/>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="248"/>
        <source>Cannot start the run: {e}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="250"/>
        <source>Running the five I/O models ({d} ms delay, {s} KiB)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="264"/>
        <source>Running {m} ({i} of {n})…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="276"/>
        <source>{m} failed: {e}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="277"/>
        <source>The run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="282"/>
        <source>Stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="286"/>
        <source>{n} of 5 models ran; free during the copy: {free}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="287"/>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="290"/>
        <source>Starting the runs in a child process…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="295"/>
        <source>No model completed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="299"/>
        <source>Asynchronous: {n} units of other work, and not one call of its own copied the data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="303"/>
        <source>Non-blocking asked {n} times in vain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="304"/>
        <source>Done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="309"/>
        <source>{call} over 4 sockets, one of them written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="311"/>
        <source>to the main thread (F_SETOWN_EX)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="312"/>
        <source>to the process (F_SETOWN)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="313"/>
        <source>a real SIGIO {where}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="316"/>
        <source>io_uring: IORING_OP_RECV; the kernel copies into the buffer when the data arrives, and the completion is read from shared memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="318"/>
        <source>a completion thread: a helper makes the blocking recv into the buffer, as glibc&apos;s POSIX AIO does</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="330"/>
        <source>Runs in a child process</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/iomodels.py" line="331"/>
        <source>Runs in this process</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="83"/>
        <location filename="../labs/sockets.py" line="235"/>
        <source>Sockets</source>
        <extracomment>Quiet time after the last slider move before measuring (ms). A measured point arrived: backend, N, K. A sweep ended (True if it was stopped before the end).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="87"/>
        <source>How many real sockets every call watches (1 to %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="91"/>
        <source>Watched sockets N, on a log scale. select refuses any descriptor numbered %1 or more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="95"/>
        <source>How many of the watched sockets have a byte waiting (at most N).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="98"/>
        <source>Ready sockets K, on a log scale: epoll&apos;s cost follows K, not N.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="99"/>
        <source>Watched sockets N</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="101"/>
        <source>Ready sockets K</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="103"/>
        <source>Measure as the sliders move</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="104"/>
        <source>Measure the three calls at the new N and K shortly after you stop moving a slider (on a worker thread).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="106"/>
        <source>Measure this N</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="107"/>
        <source>Measure select, poll and epoll at the current N and K now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="112"/>
        <location filename="../labs/multiplex.py" line="129"/>
        <source>Sweep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="117"/>
        <source>The sweep measures N from 16 up to this, on a log scale.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="120"/>
        <source>How many values of N the sweep measures.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="124"/>
        <source>About how long each backend is timed at each N (more: steadier figures, slower sweep).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="126"/>
        <source>Up to N</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="126"/>
        <source>points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="128"/>
        <source>Time per point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="130"/>
        <source>Measure all three calls over a range of N with the current K.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="131"/>
        <location filename="../labs/sockets.py" line="192"/>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="132"/>
        <source>Stop measuring (the points already measured stay).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="139"/>
        <source>idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="141"/>
        <source>Clear chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="142"/>
        <source>Forget every measured point.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="149"/>
        <source>The latest measurement at the current N and K (medians).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="163"/>
        <source>Measured per-call cost against N, one curve per call; log scales.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="218"/>
        <source>Multiplexing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="222"/>
        <source>&lt;b&gt;What you are seeing.&lt;/b&gt; Every cell is a real socket; yellow ones have a byte waiting. Each lane makes timeout-0 calls asking which sockets are readable, timed here, on this machine.&lt;br&gt;&lt;b&gt;select&lt;/b&gt; copies all N descriptors into the kernel and back on every call, then tests all N. Any descriptor numbered 1024 or more (FD_SETSIZE) is refused: a ValueError, not a number.&lt;br&gt;&lt;b&gt;poll&lt;/b&gt; has no such cap, but still hands over and scans the whole array: its cost grows with N.&lt;br&gt;&lt;b&gt;epoll&lt;/b&gt; is told about the sockets once; the kernel keeps a ready list, so a call returns only the K ready ones: its cost follows K, not N.&lt;br&gt;On screen, each scan lasts in proportion to its measured cost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="243"/>
        <source>%1 at N = %2 (%v of %m)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="252"/>
        <source>Measuring failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="351"/>
        <source>select refused %1 sockets: %2 descriptors are numbered %3 or more (FD_SETSIZE)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="362"/>
        <source>stopped (%v of %m)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="363"/>
        <source>Sweep stopped after %1 points.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="365"/>
        <source>done: %m points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="366"/>
        <source>Sweep done: %1 points in %2 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="387"/>
        <source>%1 refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="390"/>
        <source>%1 %2 µs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="392"/>
        <source>&lt;b&gt;N = %1, K = %2&lt;/b&gt;: not measured yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="395"/>
        <source>&lt;b&gt;N = %1, K = %2&lt;/b&gt;, median per call: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="398"/>
        <source>epoll is %1x cheaper than poll.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/multiplex.py" line="425"/>
        <source>starting...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="132"/>
        <source>Event log</source>
        <extracomment>Events buffered between two frames before the oldest are dropped (from the display only). Slow-motion slider: milliseconds of delay before each dispatched key. The embedded server is listening on (host, port). The embedded server has stopped (by the user, on shutdown, or because its loop failed).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="133"/>
        <source>Server loop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="134"/>
        <source>Clients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="135"/>
        <source>Every event the server reported, newest at the bottom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="136"/>
        <source>The server loop&apos;s source; the line it is executing is highlighted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="137"/>
        <source>Built-in clients: type messages, run a load, or misbehave</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="156"/>
        <source>Echo server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="160"/>
        <source>Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="163"/>
        <source>Address to listen on. 127.0.0.1 (the default) is reachable only from this machine; any other address exposes the server to your network.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="166"/>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="169"/>
        <source>any</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="171"/>
        <source>TCP port; &apos;any&apos; (0) lets the system pick a free one. Connect with: nc 127.0.0.1 PORT, or evsim client --port PORT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="175"/>
        <source>selectors (callbacks)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="176"/>
        <source>classic select.select()</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="178"/>
        <source>selectors: register each socket with a selector and dispatch the ready keys.
classic: the textbook select.select(inputs, outputs, exceptional) loop over plain lists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="185"/>
        <source>The selector the server waits with: default (epoll on Linux), select (refuses fds &gt;= 1024), poll or epoll</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="188"/>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="189"/>
        <source>Start the echo server with these settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="193"/>
        <source>Stop the server: every connection is closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="201"/>
        <source>Loop control</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="205"/>
        <source>Slow motion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="211"/>
        <source>Delay the server loop before each ready socket it handles, so you can follow every event (0 = full speed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="218"/>
        <source>Step mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="219"/>
        <source>Hold the loop after each select(): it handles the next ready socket only when you press Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="223"/>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="224"/>
        <source>Let the loop handle one more ready socket (F10)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="239"/>
        <source>&lt;b&gt;What you are seeing.&lt;/b&gt; A real echo server runs in its own thread: one loop waits in &lt;code&gt;select()&lt;/code&gt; until sockets are ready, then handles each one and never blocks anywhere else. The &lt;b&gt;listening socket&lt;/b&gt; sits in the centre; each accepted &lt;b&gt;connection&lt;/b&gt; pops out of it and takes a place on a ring. A &lt;span style=&apos;color:#4da3ff&apos;&gt;blue&lt;/span&gt; pulse means the selector reported it &lt;i&gt;readable&lt;/i&gt;, &lt;span style=&apos;color:#ffa94d&apos;&gt;orange&lt;/span&gt; &lt;i&gt;writable&lt;/i&gt;; dots on an edge are bytes going in and echoing out. A violet node with a pause sign has stopped being read because its echo is not being read by the peer (back-pressure); half a disc is a peer that shut its write side; red with a cross is a reset; a slashed ring was refused. Hover a node for its counters, click it to filter the log. Try &lt;i&gt;Step mode&lt;/i&gt; with the &lt;i&gt;Server loop&lt;/i&gt; tab open, or &lt;code&gt;{command}&lt;/code&gt; from a terminal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="277"/>
        <source>The server loop ended: {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="337"/>
        <source>Unknown backend {b}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="343"/>
        <source>Unknown server style {s}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="365"/>
        <source>Could not start the server: {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="376"/>
        <source>Listening on {host}:{port} ({style}, {backend})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="379"/>
        <source>Warning: {host} is not a loopback address, so other machines can connect.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="386"/>
        <source>Port {port} is already in use: choose another port, or &apos;any&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="388"/>
        <source>Not allowed to listen on port {port} (ports below 1024 need privileges).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="391"/>
        <source>Cannot listen on {host}: not an address of this machine.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="392"/>
        <source>Could not start the server on {host}:{port}: {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="406"/>
        <source>Server stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="459"/>
        <source>{ms} ms/event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="459"/>
        <source>full speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../labs/sockets.py" line="467"/>
        <source>Step mode: the loop waits before each ready socket; press Step (F10)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SocketMap</name>
    <message>
        <location filename="../widgets/socket_map.py" line="365"/>
        <source>fd {fd} · :{port}</source>
        <extracomment>Up to this many nodes on screen, each is drawn in full (disc, fd, badge, edge); beyond, as dots. Animation time after the last event by which every animation (pulse, flight, hold, fade) is over. At most this many pulse rings and flying byte packets are animated per frame. A node was clicked: its fd (the panel may filter the log on it). What the last paint drew: {&quot;nodes&quot;: n, &quot;detailed&quot;: bool, &quot;pulses&quot;: n, &quot;flights&quot;: n}.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/socket_map.py" line="429"/>
        <source>server stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/socket_map.py" line="429"/>
        <source>no server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/socket_map.py" line="448"/>
        <source>listen
fd {fd}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/socket_map.py" line="452"/>
        <source>(accept paused: {why})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/socket_map.py" line="460"/>
        <source>{host}:{port} · {style} · {backend}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/socket_map.py" line="462"/>
        <source>open {open}   accepted {acc}   closed {closed}   reset {reset}   refused {ref}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/socket_map.py" line="465"/>
        <source>{n} sockets: drawn as dots (hover one for details)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/socket_map.py" line="480"/>
        <source>open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/socket_map.py" line="481"/>
        <source>reading paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/socket_map.py" line="482"/>
        <source>half-closed by peer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/socket_map.py" line="483"/>
        <source>reset / broken pipe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/socket_map.py" line="484"/>
        <source>refused (limit, cap)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/socket_map.py" line="485"/>
        <source>closed, fading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/socket_map.py" line="486"/>
        <source>READ ready / bytes in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/socket_map.py" line="487"/>
        <source>WRITE ready / bytes out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/socket_map.py" line="561"/>
        <source>&lt;b&gt;fd {fd}&lt;/b&gt; · {peer}&lt;br&gt;state: {state}&lt;br&gt;bytes in: {bin} · out: {bout}&lt;br&gt;buffered: {buf}&lt;br&gt;events: {ev}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SocketsPlots</name>
    <message>
        <location filename="../widgets/sockets_plots.py" line="59"/>
        <source>Measured every {ms} ms over the last {s} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_plots.py" line="79"/>
        <source>events/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_plots.py" line="80"/>
        <source>bytes/s in, out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_plots.py" line="81"/>
        <source>open connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_plots.py" line="82"/>
        <source>not shown/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_plots.py" line="89"/>
        <source>Events the display skipped because it could not keep up (the sink keeps the newest); the server never drops data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_plots.py" line="139"/>
        <source>events/s {v}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_plots.py" line="140"/>
        <source>bytes/s in {i} out {o}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_plots.py" line="142"/>
        <source>open {v}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/sockets_plots.py" line="143"/>
        <source>not shown/s · {v} total</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>

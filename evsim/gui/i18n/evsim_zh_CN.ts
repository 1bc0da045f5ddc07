<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ClicksLoopView</name>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="44"/>
        <source>Each input becomes a message in the queue; one loop thread takes them out in order and calls the handler each one carries.</source>
        <translation>每个输入都成为队列中的一条消息；一个循环线程按顺序取出消息，并调用每条消息携带的处理函数。</translation>
    </message>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="70"/>
        <source>Event loop</source>
        <translation>事件循环</translation>
    </message>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="73"/>
        <source>CPU {pct:.0f}%</source>
        <translation>CPU {pct:.0f}%</translation>
    </message>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="77"/>
        <source>{n} handler(s) on the worker pool; the loop is free for the next message</source>
        <translation>工作线程池中有 {n} 个处理函数；事件循环可以去取下一条消息</translation>
    </message>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="80"/>
        <source>inside {handler}(#{id}), asleep (no CPU); {n} message(s) wait their turn</source>
        <translation>正在 {handler}(#{id}) 中，处于睡眠（不占 CPU）；{n} 条消息在排队等待</translation>
    </message>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="83"/>
        <source>blocked in queue.get() for {t}: no CPU until a message arrives</source>
        <translation>阻塞在 queue.get() 中 {t}：消息到来之前不占用 CPU</translation>
    </message>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="86"/>
        <source>taking the next message</source>
        <translation>正在取下一条消息</translation>
    </message>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="91"/>
        <source>a worker runs it</source>
        <translation>由工作线程执行</translation>
    </message>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="92"/>
        <source>on_click, on_key_down...</source>
        <translation>on_click、on_key_down…</translation>
    </message>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="95"/>
        <source>blocks: no CPU while empty</source>
        <translation>阻塞：队列为空时不占用 CPU</translation>
    </message>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="108"/>
        <source>queue: {n} waiting</source>
        <translation>队列：{n} 条等待</translation>
    </message>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="110"/>
        <source>, oldest {t}</source>
        <translation>，最早的已等 {t}</translation>
    </message>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="111"/>
        <source>  (oldest first)</source>
        <translation>（最早的在前）</translation>
    </message>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="114"/>
        <source>loop</source>
        <translation>循环</translation>
    </message>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="132"/>
        <source>busy</source>
        <translation>忙</translation>
    </message>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="132"/>
        <source>get()</source>
        <translation>get()</translation>
    </message>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="132"/>
        <source>next</source>
        <translation>下一条</translation>
    </message>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="145"/>
        <source>+{n}</source>
        <translation>+{n}</translation>
    </message>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="146"/>
        <source>more</source>
        <translation>更多</translation>
    </message>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="151"/>
        <source>empty: every click so far has been taken</source>
        <translation>空：到目前为止的点击都已取出</translation>
    </message>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="171"/>
        <source>no handler running</source>
        <translation>没有处理函数在执行</translation>
    </message>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="178"/>
        <source>{handler}(#{id}) waited {wait}, running {t} of {total}</source>
        <translation>{handler}(#{id}) 等待了 {wait}，已执行 {t} / {total}</translation>
    </message>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="182"/>
        <source>worker {w}: {text}</source>
        <translation>工作线程 {w}：{text}</translation>
    </message>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="187"/>
        <source>+{n} more handlers running</source>
        <translation>另有 {n} 个处理函数在执行</translation>
    </message>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="200"/>
        <source>waited:</source>
        <translation>等待：</translation>
    </message>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="204"/>
        <source>#{id} {t}</source>
        <translation>#{id} {t}</translation>
    </message>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="207"/>
        <source>each click&apos;s time in the queue, when the loop takes it</source>
        <translation>每次点击被事件循环取出时在队列中等待的时间</translation>
    </message>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="214"/>
        <source>message in the queue</source>
        <translation>队列中的消息</translation>
    </message>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="214"/>
        <source>handler running</source>
        <translation>处理函数执行中</translation>
    </message>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="215"/>
        <source>loop blocked, no CPU</source>
        <translation>循环阻塞，不占用 CPU</translation>
    </message>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="215"/>
        <source>lost (queue full)</source>
        <translation>丢失（队列已满）</translation>
    </message>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="224"/>
        <source>sent {sent} · handled {handled} · lost {lost} · longest wait {w}</source>
        <translation>发送 {sent} · 处理 {handled} · 丢失 {lost} · 最长等待 {w}</translation>
    </message>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="229"/>
        <source>loop thread CPU: {pct:.0f}% of one core</source>
        <translation>事件循环线程 CPU：单核的 {pct:.0f}%</translation>
    </message>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="231"/>
        <source>clicks</source>
        <translation>点击</translation>
    </message>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="231"/>
        <source>handlers</source>
        <translation>处理函数</translation>
    </message>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="231"/>
        <source>handler</source>
        <translation>处理函数</translation>
    </message>
    <message>
        <location filename="../labs/clicks/loop_view.py" line="231"/>
        <source>now</source>
        <translation>现在</translation>
    </message>
</context>
<context>
    <name>ClicksPad</name>
    <message>
        <location filename="../labs/clicks/pad.py" line="56"/>
        <source>Each click or key press here is one input, fed at the same instant to the polling thread and to the event loop.</source>
        <extracomment>The user clicked or pressed a key: kind (&quot;click&quot; or &quot;key_down&quot;) and a label (&quot;left&quot;, &quot;A&quot;). ``time.monotonic_ns()`` at the latest press, read as the press&apos;s time stamp (0: none yet).</extracomment>
        <translation>在这里的每次点击或按键都是一个输入，在同一时刻送给轮询线程和事件循环。</translation>
    </message>
    <message>
        <location filename="../labs/clicks/pad.py" line="137"/>
        <source>Click here, or press a key</source>
        <translation>在这里点击，或按任意键</translation>
    </message>
    <message>
        <location filename="../labs/clicks/pad.py" line="140"/>
        <source>typing needs focus: the dashed border lights up</source>
        <translation>键盘输入需要焦点：虚线边框会亮起</translation>
    </message>
    <message>
        <location filename="../labs/clicks/pad.py" line="141"/>
        <source>each input goes to both designs</source>
        <translation>每个输入同时送给两种设计</translation>
    </message>
    <message>
        <location filename="../labs/clicks/pad.py" line="159"/>
        <source>click</source>
        <translation>点击</translation>
    </message>
    <message>
        <location filename="../labs/clicks/pad.py" line="169"/>
        <source>latest:</source>
        <translation>最新：</translation>
    </message>
</context>
<context>
    <name>ClicksPlots</name>
    <message>
        <location filename="../labs/clicks/plots.py" line="59"/>
        <source>CPU:</source>
        <extracomment>Latencies below this are drawn on it (a log axis has no zero). CPU samples further apart than this (the tab was hidden, the panel was not drawing) are not joined.</extracomment>
        <translation>CPU：</translation>
    </message>
    <message>
        <location filename="../labs/clicks/plots.py" line="59"/>
        <source>polling thread</source>
        <translation>轮询线程</translation>
    </message>
    <message>
        <location filename="../labs/clicks/plots.py" line="59"/>
        <source>event loop thread</source>
        <translation>事件循环线程</translation>
    </message>
    <message>
        <location filename="../labs/clicks/plots.py" line="60"/>
        <source>seconds ago</source>
        <translation>秒前</translation>
    </message>
    <message>
        <location filename="../labs/clicks/plots.py" line="60"/>
        <source>% of one core</source>
        <translation>占单核的 %</translation>
    </message>
    <message>
        <location filename="../labs/clicks/plots.py" line="63"/>
        <source>Read from each thread&apos;s own CPU clock (pthread_getcpuclockid), several times a second</source>
        <translation>每秒多次读取各线程自己的 CPU 时钟 (pthread_getcpuclockid)</translation>
    </message>
    <message>
        <location filename="../labs/clicks/plots.py" line="68"/>
        <source>Latency, input to handler start:</source>
        <translation>响应时间（从输入到处理函数开始）：</translation>
    </message>
    <message>
        <location filename="../labs/clicks/plots.py" line="68"/>
        <source>polling</source>
        <translation>轮询</translation>
    </message>
    <message>
        <location filename="../labs/clicks/plots.py" line="69"/>
        <source>event loop</source>
        <translation>事件循环</translation>
    </message>
    <message>
        <location filename="../labs/clicks/plots.py" line="69"/>
        <source>click number</source>
        <translation>点击序号</translation>
    </message>
    <message>
        <location filename="../labs/clicks/plots.py" line="69"/>
        <source>ms (log scale)</source>
        <translation>毫秒（对数坐标）</translation>
    </message>
    <message>
        <location filename="../labs/clicks/plots.py" line="71"/>
        <source>One point per click whose handler started; a lost click has no point</source>
        <translation>每个已开始处理的点击一个点；丢失的点击没有点</translation>
    </message>
</context>
<context>
    <name>ClicksPollingView</name>
    <message>
        <location filename="../labs/clicks/polling_view.py" line="36"/>
        <source>A thread reads every device&apos;s register in turn, forever, and runs the handler of any click it finds before it reads on.</source>
        <translation>一个线程永不停歇地依次读取每个设备的寄存器，发现点击就先运行它的处理函数，然后才继续读取。</translation>
    </message>
    <message>
        <location filename="../labs/clicks/polling_view.py" line="45"/>
        <source>mouse</source>
        <translation>鼠标</translation>
    </message>
    <message>
        <location filename="../labs/clicks/polling_view.py" line="45"/>
        <source>mouse + keys</source>
        <translation>鼠标 + 键盘</translation>
    </message>
    <message>
        <location filename="../labs/clicks/polling_view.py" line="47"/>
        <source>keyboard</source>
        <translation>键盘</translation>
    </message>
    <message>
        <location filename="../labs/clicks/polling_view.py" line="48"/>
        <source>device {n}</source>
        <translation>设备 {n}</translation>
    </message>
    <message>
        <location filename="../labs/clicks/polling_view.py" line="67"/>
        <source>Polling thread</source>
        <translation>轮询线程</translation>
    </message>
    <message>
        <location filename="../labs/clicks/polling_view.py" line="70"/>
        <source>CPU {pct:.0f}%</source>
        <translation>CPU {pct:.0f}%</translation>
    </message>
    <message>
        <location filename="../labs/clicks/polling_view.py" line="74"/>
        <source>inside {handler}(#{id}), asleep (no CPU): nothing is scanned until it returns</source>
        <translation>正在 {handler}(#{id}) 中，处于睡眠（不占 CPU）：它返回之前不会扫描任何设备</translation>
    </message>
    <message>
        <location filename="../labs/clicks/polling_view.py" line="77"/>
        <source>scans {n} device(s), then sleeps {ms:g} ms</source>
        <translation>扫描 {n} 个设备，然后休眠 {ms:g} 毫秒</translation>
    </message>
    <message>
        <location filename="../labs/clicks/polling_view.py" line="79"/>
        <source>spinning: {rate} sweeps/s over {n} device(s), with nothing to find</source>
        <translation>空转：每秒扫描 {rate} 轮、{n} 个设备，却什么也没找到</translation>
    </message>
    <message>
        <location filename="../labs/clicks/polling_view.py" line="85"/>
        <source>between sweeps</source>
        <translation>两轮扫描之间</translation>
    </message>
    <message>
        <location filename="../labs/clicks/polling_view.py" line="86"/>
        <source>no sleep: spin</source>
        <translation>不休眠：空转</translation>
    </message>
    <message>
        <location filename="../labs/clicks/polling_view.py" line="89"/>
        <source>{us:g} µs each</source>
        <translation>每个 {us:g} µs</translation>
    </message>
    <message>
        <location filename="../labs/clicks/polling_view.py" line="90"/>
        <source>inline</source>
        <translation>内联执行</translation>
    </message>
    <message>
        <location filename="../labs/clicks/polling_view.py" line="116"/>
        <source>+{n} devices nobody clicks</source>
        <translation>+{n} 个没人点击的设备</translation>
    </message>
    <message>
        <location filename="../labs/clicks/polling_view.py" line="132"/>
        <source>waiting {t}</source>
        <translation>等待 {t}</translation>
    </message>
    <message>
        <location filename="../labs/clicks/polling_view.py" line="136"/>
        <source>empty</source>
        <translation>空</translation>
    </message>
    <message>
        <location filename="../labs/clicks/polling_view.py" line="171"/>
        <source>{handler}(#{id}) running: {t} of {total}</source>
        <translation>{handler}(#{id}) 执行中：{t} / {total}</translation>
    </message>
    <message>
        <location filename="../labs/clicks/polling_view.py" line="175"/>
        <source>no handler running: the thread is looking for clicks</source>
        <translation>没有处理函数在执行：线程正在寻找点击</translation>
    </message>
    <message>
        <location filename="../labs/clicks/polling_view.py" line="177"/>
        <source>#{id} handled; back to scanning</source>
        <translation>#{id} 已处理；继续扫描</translation>
    </message>
    <message>
        <location filename="../labs/clicks/polling_view.py" line="184"/>
        <source>lost: {n}</source>
        <translation>丢失：{n}</translation>
    </message>
    <message>
        <location filename="../labs/clicks/polling_view.py" line="196"/>
        <source>a click arriving while the register is full overwrites it</source>
        <translation>寄存器已满时到来的点击会覆盖它</translation>
    </message>
    <message>
        <location filename="../labs/clicks/polling_view.py" line="201"/>
        <source>scan</source>
        <translation>扫描</translation>
    </message>
    <message>
        <location filename="../labs/clicks/polling_view.py" line="201"/>
        <source>latched click</source>
        <translation>锁存的点击</translation>
    </message>
    <message>
        <location filename="../labs/clicks/polling_view.py" line="202"/>
        <source>handler running</source>
        <translation>处理函数执行中</translation>
    </message>
    <message>
        <location filename="../labs/clicks/polling_view.py" line="202"/>
        <source>lost</source>
        <translation>丢失</translation>
    </message>
    <message>
        <location filename="../labs/clicks/polling_view.py" line="202"/>
        <source>device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../labs/clicks/polling_view.py" line="210"/>
        <source>sent {sent} · handled {handled} · lost {lost} · latency p95 {p95}</source>
        <translation>发送 {sent} · 处理 {handled} · 丢失 {lost} · 响应时间 p95 {p95}</translation>
    </message>
    <message>
        <location filename="../labs/clicks/polling_view.py" line="216"/>
        <source>poller CPU: {pct:.0f}% of one core (its own process)</source>
        <translation>轮询线程 CPU：一个核心的 {pct:.0f}%（它自己的进程）</translation>
    </message>
    <message>
        <location filename="../labs/clicks/polling_view.py" line="218"/>
        <source>clicks</source>
        <translation>点击</translation>
    </message>
    <message>
        <location filename="../labs/clicks/polling_view.py" line="218"/>
        <source>handler</source>
        <translation>处理函数</translation>
    </message>
    <message>
        <location filename="../labs/clicks/polling_view.py" line="218"/>
        <source>now</source>
        <translation>现在</translation>
    </message>
</context>
<context>
    <name>ClientsPane</name>
    <message>
        <location filename="../labs/sockets/clients.py" line="167"/>
        <location filename="../labs/sockets/clients.py" line="200"/>
        <location filename="../labs/sockets/clients.py" line="239"/>
        <location filename="../labs/sockets/clients.py" line="253"/>
        <source>Start load</source>
        <translation>开始负载</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients.py" line="81"/>
        <source>Start the server first</source>
        <extracomment>Descriptors a process needs besides its connections (Python, Qt, pipes...). A demo with more clients than this drives them from one load loop instead of a thread each. Requests per second of a large demo, all clients together. Something arrived from the clients process: the frame bridge should run.</extracomment>
        <translation>请先启动服务器</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients.py" line="132"/>
        <location filename="../labs/sockets/clients.py" line="232"/>
        <source>client {n}</source>
        <translation>客户端 {n}</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients.py" line="140"/>
        <source>{n} connections need {need} open files in the clients process and in the server, but this user may open at most {hard} (ulimit -Hn): lower the number of clients or raise the hard limit.</source>
        <translation>{n} 个连接需要客户端进程和服务器各打开 {need} 个文件，但当前用户最多只能打开 {hard} 个 (ulimit -Hn)：请减少客户端数量，或提高硬限制。</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients.py" line="154"/>
        <source>Stop load</source>
        <translation>停止负载</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients.py" line="156"/>
        <source>connecting {n} clients…</source>
        <translation>正在连接 {n} 个客户端…</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients.py" line="159"/>
        <source>With the select backend the server refuses every connection whose fd is 1024 or more: watch the refused count.</source>
        <translation>使用 select 后端时，服务器会拒绝 fd 大于等于 1024 的每个连接：请留意被拒绝的计数。</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients.py" line="246"/>
        <source>load failed: {why}</source>
        <translation>负载失败：{why}</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients.py" line="251"/>
        <source>Load failed: {why}</source>
        <translation>负载失败：{why}</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients.py" line="265"/>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients.py" line="277"/>
        <source>{n} built-in clients running (process {pid})</source>
        <translation>{n} 个内置客户端正在运行（进程 {pid}）</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients.py" line="261"/>
        <source>echo</source>
        <translation>回显</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients.py" line="261"/>
        <source>typed</source>
        <translation>输入</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients.py" line="261"/>
        <source>slow reader</source>
        <translation>慢读者</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients.py" line="262"/>
        <source>reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients.py" line="262"/>
        <source>half-close</source>
        <translation>半关闭</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients.py" line="262"/>
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients.py" line="264"/>
        <source>error: {e}</source>
        <translation>错误：{e}</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients.py" line="265"/>
        <source>finished</source>
        <translation>已结束</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients.py" line="299"/>
        <source>That connection is closed; add a new client</source>
        <translation>该连接已关闭；请添加新客户端</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients.py" line="316"/>
        <source>Every built-in client stopped</source>
        <translation>所有内置客户端已停止</translation>
    </message>
</context>
<context>
    <name>ClientsPaneLayout</name>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="26"/>
        <source>Type to the server</source>
        <translation>向服务器输入</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="28"/>
        <source>Add client</source>
        <translation>添加客户端</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="29"/>
        <source>Open a new connection to the server; then type a line and press Enter: the echo appears below</source>
        <translation>向服务器建立一个新连接；然后输入一行并按 Enter：回显显示在下方</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="34"/>
        <source>The connection your lines go to</source>
        <translation>你输入的行发往的连接</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="38"/>
        <source>type a message and press Enter</source>
        <translation>输入消息并按 Enter</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="39"/>
        <source>Sent with a newline to the chosen connection</source>
        <translation>加上换行符发送到所选连接</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="42"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="43"/>
        <source>Send the line (Enter)</source>
        <translation>发送这一行 (Enter)</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="50"/>
        <source>What you send (→) and what the server echoes (←)</source>
        <translation>你发送的 (→) 和服务器回显的 (←)</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="59"/>
        <source>Load</source>
        <translation>负载</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="61"/>
        <source>Concurrent connections</source>
        <translation>并发连接数</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="62"/>
        <source>Requests per second per connection (0: as fast as the server answers)</source>
        <translation>每个连接每秒的请求数（0：服务器一回应就发下一个）</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="64"/>
        <source>Bytes per request</source>
        <translation>每个请求的字节数</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="65"/>
        <source>How long the load runs</source>
        <translation>负载持续的时间</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="66"/>
        <source>max</source>
        <translation>最快</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="67"/>
        <source>clients</source>
        <translation>个客户端</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="67"/>
        <source>req/s each</source>
        <translation>请求/秒/个</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="68"/>
        <source>bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="68"/>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="71"/>
        <source>Start load</source>
        <translation>开始负载</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="72"/>
        <source>N connections doing request/echo round trips, every byte checked</source>
        <translation>N 个连接进行请求/回显往返，检查每一个字节</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="75"/>
        <source>no load running</source>
        <translation>没有负载在运行</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="80"/>
        <source>Misbehaving clients</source>
        <translation>异常客户端</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="83"/>
        <source>Writes 16 MiB fast but reads slowly: the server&apos;s buffer for it fills, so it stops reading that socket (back-pressure) until the buffer drains</source>
        <translation>快速写入 16 MiB 但读得很慢：服务器为它准备的缓冲区被填满，于是暂停读取这个套接字（背压），直到缓冲区排空</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="85"/>
        <source>Sends a little, then aborts with RST: the server&apos;s recv/send fails with ECONNRESET</source>
        <translation>发送少量数据后以 RST 中止：服务器的 recv/send 失败，报 ECONNRESET</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="87"/>
        <source>Sends 64 KiB, then shuts its write side (FIN): the server reads b&apos;&apos; but keeps echoing what it holds, then closes</source>
        <translation>发送 64 KiB 后关闭自己的写端 (FIN)：服务器读到 b&apos;&apos;，但仍回显已持有的数据，然后关闭</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="89"/>
        <source>Connects and does nothing: it costs the server a registered socket, nothing more</source>
        <translation>连接后什么也不做：只占用服务器一个已注册的套接字</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="91"/>
        <source>Slow reader</source>
        <translation>慢读者</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="91"/>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="92"/>
        <source>Half-close</source>
        <translation>半关闭</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="92"/>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="103"/>
        <source>client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="103"/>
        <source>local address</source>
        <translation>本地地址</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="103"/>
        <source>sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="104"/>
        <source>received</source>
        <translation>已接收</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="104"/>
        <source>state</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="110"/>
        <source>The built-in clients (the load&apos;s connections are summed up above)</source>
        <translation>内置客户端（负载的连接在上方汇总）</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="116"/>
        <source>Stop all clients</source>
        <translation>停止所有客户端</translation>
    </message>
    <message>
        <location filename="../labs/sockets/clients_layout.py" line="117"/>
        <source>Close every built-in connection and stop the load</source>
        <translation>关闭所有内置连接并停止负载</translation>
    </message>
</context>
<context>
    <name>CodePane</name>
    <message>
        <location filename="../widgets/code_pane.py" line="163"/>
        <source>Server loop:</source>
        <extracomment>The phase chip a watched call lights (Held.call codes, and the watch&apos;s call events). The pane became visible (True) or hidden (False): tracing is only worth its cost while shown.</extracomment>
        <translation>服务器循环：</translation>
    </message>
    <message>
        <location filename="../widgets/code_pane.py" line="166"/>
        <source>select()</source>
        <translation>select()</translation>
    </message>
    <message>
        <location filename="../widgets/code_pane.py" line="166"/>
        <source>accept()</source>
        <translation>accept()</translation>
    </message>
    <message>
        <location filename="../widgets/code_pane.py" line="166"/>
        <source>recv()</source>
        <translation>recv()</translation>
    </message>
    <message>
        <location filename="../widgets/code_pane.py" line="167"/>
        <source>send()</source>
        <translation>send()</translation>
    </message>
    <message>
        <location filename="../widgets/code_pane.py" line="169"/>
        <source>Waiting in select(): the one place the loop blocks</source>
        <translation>在 select() 中等待：循环唯一阻塞的地方</translation>
    </message>
    <message>
        <location filename="../widgets/code_pane.py" line="170"/>
        <source>The listening socket was readable: accept() a new connection</source>
        <translation>监听套接字可读：accept() 一个新连接</translation>
    </message>
    <message>
        <location filename="../widgets/code_pane.py" line="171"/>
        <source>A connection was readable: recv() its bytes and try to echo them at once</source>
        <translation>某个连接可读：recv() 它的字节，并立即尝试回显</translation>
    </message>
    <message>
        <location filename="../widgets/code_pane.py" line="172"/>
        <source>A connection was writable (or bytes arrived): send() from its buffer</source>
        <translation>某个连接可写（或有字节到达）：从它的缓冲区 send()</translation>
    </message>
    <message>
        <location filename="../widgets/code_pane.py" line="229"/>
        <source>line {n}</source>
        <translation>第 {n} 行</translation>
    </message>
    <message>
        <location filename="../widgets/code_pane.py" line="245"/>
        <source>line {n}: {what}</source>
        <translation>第 {n} 行：{what}</translation>
    </message>
    <message>
        <location filename="../widgets/code_pane.py" line="249"/>
        <source>held before select(): it is about to wait</source>
        <translation>停在 select() 之前：它即将开始等待</translation>
    </message>
    <message>
        <location filename="../widgets/code_pane.py" line="251"/>
        <source>select() returned: fd {fd} is ready, not handled yet</source>
        <translation>select() 已返回：fd {fd} 已就绪，尚未处理</translation>
    </message>
    <message>
        <location filename="../widgets/code_pane.py" line="253"/>
        <source>held before send() of {n} bytes on fd {fd}</source>
        <translation>停在 fd {fd} 上发送 {n} 字节的 send() 之前</translation>
    </message>
    <message>
        <location filename="../widgets/code_pane.py" line="254"/>
        <source>held before {call}() on fd {fd}</source>
        <translation>停在 fd {fd} 上的 {call}() 之前</translation>
    </message>
</context>
<context>
    <name>EventKind</name>
    <message>
        <location filename="../widgets/event_kinds.py" line="17"/>
        <source>Listening</source>
        <translation>开始监听</translation>
    </message>
    <message>
        <location filename="../widgets/event_kinds.py" line="18"/>
        <source>Accepted</source>
        <translation>接受连接</translation>
    </message>
    <message>
        <location filename="../widgets/event_kinds.py" line="19"/>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../widgets/event_kinds.py" line="20"/>
        <source>Received</source>
        <translation>收到</translation>
    </message>
    <message>
        <location filename="../widgets/event_kinds.py" line="21"/>
        <source>Sent</source>
        <translation>发出</translation>
    </message>
    <message>
        <location filename="../widgets/event_kinds.py" line="22"/>
        <source>ReadingPaused</source>
        <translation>暂停读取</translation>
    </message>
    <message>
        <location filename="../widgets/event_kinds.py" line="23"/>
        <source>ReadingResumed</source>
        <translation>恢复读取</translation>
    </message>
    <message>
        <location filename="../widgets/event_kinds.py" line="24"/>
        <source>HalfClosed</source>
        <translation>对端半关闭</translation>
    </message>
    <message>
        <location filename="../widgets/event_kinds.py" line="25"/>
        <source>Closed</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../widgets/event_kinds.py" line="26"/>
        <source>Refused</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../widgets/event_kinds.py" line="27"/>
        <source>ListenerPaused</source>
        <translation>暂停接受</translation>
    </message>
    <message>
        <location filename="../widgets/event_kinds.py" line="28"/>
        <source>ListenerResumed</source>
        <translation>恢复接受</translation>
    </message>
    <message>
        <location filename="../widgets/event_kinds.py" line="29"/>
        <source>ServerError</source>
        <translation>服务器错误</translation>
    </message>
    <message>
        <location filename="../widgets/event_kinds.py" line="30"/>
        <source>ServerStopped</source>
        <translation>服务器停止</translation>
    </message>
</context>
<context>
    <name>EventLogModel</name>
    <message>
        <location filename="../widgets/event_log_model.py" line="66"/>
        <source>{n} B left</source>
        <extracomment>Event kinds the log shows (LoopPhase is the code pane&apos;s business, not the log&apos;s). Export header (also the order of a row&apos;s fields). rows that left the log (trimmed, or lost while paused) since the last clear of those, rows that arrived while a recording was on (it keeps them)</extracomment>
        <translation>剩余 {n} B</translation>
    </message>
    <message>
        <location filename="../widgets/event_log_model.py" line="67"/>
        <source>partial, {n} B left</source>
        <translation>部分发送，剩余 {n} B</translation>
    </message>
    <message>
        <location filename="../widgets/event_log_model.py" line="68"/>
        <source>{n} B buffered</source>
        <translation>缓冲 {n} B</translation>
    </message>
    <message>
        <location filename="../widgets/event_log_model.py" line="69"/>
        <source>{reason} (in {bin} B, out {bout} B)</source>
        <translation>{reason}（收 {bin} B，发 {bout} B）</translation>
    </message>
    <message>
        <location filename="../widgets/event_log_model.py" line="70"/>
        <source>{reason}; retry in {ms} ms</source>
        <translation>{reason}；{ms} 毫秒后重试</translation>
    </message>
    <message>
        <location filename="../widgets/event_log_model.py" line="71"/>
        <source>time (s)</source>
        <translation>时间 (s)</translation>
    </message>
    <message>
        <location filename="../widgets/event_log_model.py" line="71"/>
        <source>fd</source>
        <translation>fd</translation>
    </message>
    <message>
        <location filename="../widgets/event_log_model.py" line="71"/>
        <source>peer</source>
        <translation>对端</translation>
    </message>
    <message>
        <location filename="../widgets/event_log_model.py" line="71"/>
        <source>event</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../widgets/event_log_model.py" line="72"/>
        <source>bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <location filename="../widgets/event_log_model.py" line="72"/>
        <source>detail</source>
        <translation>详情</translation>
    </message>
</context>
<context>
    <name>EventLogView</name>
    <message>
        <location filename="../widgets/event_log.py" line="66"/>
        <source>fd:</source>
        <extracomment>The table takes new rows at most this often. ... and, while a load brings more than anyone reads (BUSY_ROWS rows or more per insert), at most this often: each insert scrolls and repaints the whole table (10-15 ms of CPU on a two-core machine, taken from the server the window watches). The row counter says so. The default file name of an export (the sockets lab&apos;s log).</extracomment>
        <translation>fd：</translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="69"/>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="71"/>
        <source>Show only the events of this file descriptor (click a node on the map to pick its fd; &apos;all&apos; shows every fd)</source>
        <translation>只显示这个文件描述符的事件（在图上点击节点即可选中它的 fd；“全部”显示所有 fd）</translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="76"/>
        <source>Events ▾</source>
        <translation>事件 ▾</translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="77"/>
        <source>Choose which kinds of events the log shows</source>
        <translation>选择日志显示哪些种类的事件</translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="88"/>
        <source>Show all kinds</source>
        <translation>显示所有种类</translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="89"/>
        <source>Only connections (accept/close/refuse)</source>
        <translation>只显示连接（accept/close/refuse）</translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="93"/>
        <location filename="../widgets/event_log.py" line="147"/>
        <location filename="../widgets/event_log.py" line="189"/>
        <location filename="../widgets/event_log.py" line="265"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="95"/>
        <source>Freeze the log to read it; events keep arriving and are added when you resume (the newest {n} are kept)</source>
        <translation>冻结日志以便阅读；事件照常到达，恢复时补上（保留最新的 {n} 条）</translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="99"/>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="100"/>
        <source>Empty the log</source>
        <translation>清空日志</translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="106"/>
        <source>Rows shown / rows kept (the log keeps the newest {n})</source>
        <translation>显示的行数 / 保留的行数（日志保留最新的 {n} 条）</translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="109"/>
        <source>CSV…</source>
        <translation>CSV…</translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="110"/>
        <source>Export the rows shown to a CSV file</source>
        <translation>把显示的行导出为 CSV 文件</translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="113"/>
        <source>JSON…</source>
        <translation>JSON…</translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="114"/>
        <source>Export the rows shown to a JSON file</source>
        <translation>把显示的行导出为 JSON 文件</translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="136"/>
        <source>The log keeps the newest {n} rows; a recording (File &gt; Record, Ctrl+R) keeps every event</source>
        <translation>日志只保留最新的 {n} 行；录制（文件 &gt; 录制，Ctrl+R）会保留每个事件</translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="202"/>
        <source>{shown} / {kept} rows</source>
        <translation>{shown} / {kept} 行</translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="204"/>
        <source> · paused, {n} waiting</source>
        <translation> · 已暂停，{n} 条等待</translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="206"/>
        <source> · busy: new rows every {s} s</source>
        <translation> · 繁忙：每 {s} 秒加入新行</translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="217"/>
        <source>{n} older rows removed from the log (the recording keeps them)</source>
        <translation>已从日志中移除 {n} 行较早的记录（录制文件中保留着它们）</translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="219"/>
        <source>{n} older rows removed from the log and not kept: start a recording with Ctrl+R to keep every row</source>
        <translation>已从日志中移除 {n} 行较早的记录，且未保存：按 Ctrl+R 开始录制即可保留每一行</translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="221"/>
        <source>{n} older rows removed from the log: {kept} are in the recording, {lost} were not recorded and are not kept</source>
        <translation>已从日志中移除 {n} 行较早的记录：其中 {kept} 行在录制文件中，{lost} 行未被录制，没有保留</translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="147"/>
        <location filename="../widgets/event_log.py" line="189"/>
        <location filename="../widgets/event_log.py" line="265"/>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="311"/>
        <source>Could not write {path}: {reason}</source>
        <translation>无法写入 {path}：{reason}</translation>
    </message>
    <message>
        <location filename="../widgets/event_log.py" line="316"/>
        <source>Exported {n} events to {path}</source>
        <translation>已将 {n} 个事件导出到 {path}</translation>
    </message>
</context>
<context>
    <name>ExplanationBox</name>
    <message>
        <location filename="../widgets/explanation.py" line="59"/>
        <source>What you are seeing</source>
        <extracomment>However short the lab is, the explanation keeps this many lines (and scrolls the rest).</extracomment>
        <translation>你看到的是什么</translation>
    </message>
    <message>
        <location filename="../widgets/explanation.py" line="64"/>
        <source>Show or hide the explanation.</source>
        <translation>显示或隐藏说明。</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../widgets/export_dialog.py" line="22"/>
        <source>Export event log</source>
        <translation>导出事件日志</translation>
    </message>
    <message>
        <location filename="../widgets/export_dialog.py" line="27"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../widgets/export_dialog.py" line="28"/>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
</context>
<context>
    <name>ExportJob</name>
    <message>
        <location filename="../export_recording.py" line="91"/>
        <source>Could not write {path}: {reason}</source>
        <translation>无法写入 {path}：{reason}</translation>
    </message>
    <message>
        <location filename="../export_recording.py" line="94"/>
        <source>The export failed: {e}</source>
        <translation>导出失败：{e}</translation>
    </message>
</context>
<context>
    <name>Guide</name>
    <message>
        <location filename="../dialogs.py" line="17"/>
        <source>&lt;h2&gt;Event-driven programming, made visible&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;让事件驱动编程看得见&lt;/h2&gt;</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="18"/>
        <source>&lt;p&gt;&lt;b&gt;Polling vs events.&lt;/b&gt; A program can ask a device again and again whether something happened (polling): it burns CPU when nothing happens and misses what happens while it is busy. Or the system can put each event into a &lt;i&gt;message queue&lt;/i&gt;; an &lt;i&gt;event loop&lt;/i&gt; sleeps until a message arrives, takes it out and calls the handler the message names.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;轮询与事件。&lt;/b&gt;程序可以一遍又一遍地询问设备是否发生了什么（轮询）：什么都没发生时它白白消耗 CPU（CPU 资源浪费），而它忙的时候发生的事情又会被错过。另一种做法是由系统把每个事件放进&lt;i&gt;消息队列&lt;/i&gt;；&lt;i&gt;事件循环&lt;/i&gt;休眠，直到有消息到来，再把它取出，调用消息指定的处理函数。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="22"/>
        <source>&lt;p&gt;&lt;b&gt;Two phases of a read.&lt;/b&gt; Reading from a socket means (1) waiting until data has arrived in the kernel and (2) copying it into the process. Blocking, non-blocking, multiplexed and signal-driven I/O all block during the copy: they are &lt;i&gt;synchronous&lt;/i&gt;. Only asynchronous I/O hands the process data already copied.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;读操作的两个阶段。&lt;/b&gt;从套接字读取数据要经过 (1) 等待数据准备（数据到达内核）和 (2) 将数据从内核拷贝到用户进程。阻塞 I/O、非阻塞 I/O、I/O 多路复用和信号驱动 I/O 在拷贝期间都会阻塞：它们都是&lt;i&gt;同步 I/O&lt;/i&gt;。只有异步 I/O 交给进程的是已经拷贝好的数据。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="26"/>
        <source>&lt;p&gt;&lt;b&gt;I/O multiplexing.&lt;/b&gt; select, poll and epoll let one thread wait on many sockets. select and poll hand the kernel the whole set at every call and make the program scan it for the ready ones; select also stops at FD_SETSIZE (1024). epoll keeps the set in the kernel and returns only the ready sockets.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;I/O 多路复用。&lt;/b&gt;select、poll 和 epoll 让一个线程同时等待多个套接字。select 和 poll 每次调用都把整个集合交给内核，再让程序扫描整个集合找出就绪的套接字；select 还受 FD_SETSIZE (1024) 的限制。epoll 把集合保存在内核中，只返回就绪的套接字（就绪链表）。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="30"/>
        <source>&lt;p&gt;&lt;b&gt;An event-driven server.&lt;/b&gt; One thread, one loop: wait for readiness, then accept, read or write without blocking. A slow peer must not block the others, and a peer that never reads must not grow the server&apos;s memory (back-pressure).&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;事件驱动的服务器。&lt;/b&gt;一个线程，一个循环：等待就绪，然后以非阻塞方式 accept、读或写。慢的对端不能阻塞其他连接，从不读取的对端也不能让服务器的内存无限增长（背压）。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>HeavySettings</name>
    <message>
        <location filename="../heavy.py" line="27"/>
        <source>slow motion {ms} ms per event</source>
        <extracomment>QSettings keys, under the lab&apos;s group the values (floats) -&gt; too heavy? the translated template, formatted with ``fields`` the values -&gt; the template&apos;s fields lab -&gt; its rules. Each template is a literal translate() call, so lupdate finds it.</extracomment>
        <translation>慢动作：每个事件 {ms} 毫秒</translation>
    </message>
    <message>
        <location filename="../heavy.py" line="30"/>
        <source>load of {n} clients</source>
        <translation>{n} 个客户端的负载</translation>
    </message>
    <message>
        <location filename="../heavy.py" line="35"/>
        <source>{n} devices × {us} µs: each sweep takes {ms} ms</source>
        <translation>{n} 个设备 × {us} µs：每轮扫描耗时 {ms} 毫秒</translation>
    </message>
    <message>
        <location filename="../heavy.py" line="38"/>
        <source>each handler blocks {s} s</source>
        <translation>每个处理函数阻塞 {s} 秒</translation>
    </message>
    <message>
        <location filename="../heavy.py" line="43"/>
        <source>N = {n} watched sockets</source>
        <translation>N = {n} 个监控的套接字</translation>
    </message>
    <message>
        <location filename="../heavy.py" line="46"/>
        <source>K = {k} ready sockets</source>
        <translation>K = {k} 个就绪的套接字</translation>
    </message>
    <message>
        <location filename="../heavy.py" line="51"/>
        <source>a delay of {s} s before each message</source>
        <translation>每条消息前延迟 {s} 秒</translation>
    </message>
    <message>
        <location filename="../heavy.py" line="54"/>
        <source>{mib} MiB messages</source>
        <translation>{mib} MiB 的消息</translation>
    </message>
</context>
<context>
    <name>IoModelsLanes</name>
    <message>
        <location filename="../labs/iomodels/lane_geometry.py" line="61"/>
        <source>Blocking</source>
        <extracomment>Shortest zoom window, so a copy of a few microseconds is still wide.</extracomment>
        <translation>阻塞 I/O</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lane_geometry.py" line="62"/>
        <source>Non-blocking</source>
        <translation>非阻塞 I/O</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lane_geometry.py" line="63"/>
        <source>I/O multiplexing</source>
        <translation>I/O 多路复用</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lane_geometry.py" line="64"/>
        <source>Signal-driven</source>
        <translation>信号驱动 I/O</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lane_geometry.py" line="65"/>
        <source>Asynchronous</source>
        <translation>异步 I/O</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lane_geometry.py" line="70"/>
        <source>synchronous</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lane_geometry.py" line="70"/>
        <source>asynchronous</source>
        <translation>异步</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="33"/>
        <source>copy: in a call {h} of {w} · work +{n}</source>
        <translation>拷贝：在系统调用中 {h} / {w} · 其他工作 +{n}</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="39"/>
        <source>while its data was being copied ({w}), the process&apos;s thread was inside a system call for {h} and did {n} units of other work</source>
        <translation>在数据拷贝期间（{w}），进程的线程有 {h} 处于系统调用中，并完成了 {n} 个单位的其他工作</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="44"/>
        <source>Synchronous: {facts}, so it was blocked during the copy.</source>
        <translation>同步：{facts}，因此它在拷贝期间被阻塞。</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="46"/>
        <source>Asynchronous: {facts}, so it was not blocked during the copy.</source>
        <translation>异步：{facts}，因此它在拷贝期间没有被阻塞。</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="181"/>
        <source>wait for data</source>
        <translation>等待数据准备</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="182"/>
        <source>copy into the buffer</source>
        <translation>拷贝到缓冲区</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="183"/>
        <location filename="../labs/iomodels/lanes.py" line="361"/>
        <source>asleep in a system call</source>
        <translation>在系统调用中休眠</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="184"/>
        <source>held in its own recv, copying</source>
        <translation>阻塞在自己的 recv 中拷贝</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="185"/>
        <source>awake, polling (EAGAIN)</source>
        <translation>醒着，轮询 (EAGAIN)</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="186"/>
        <location filename="../labs/iomodels/lanes.py" line="364"/>
        <source>doing other work</source>
        <translation>做其他工作</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="187"/>
        <source>no progress: CPU taken</source>
        <translation>无进展：CPU 被占用</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="188"/>
        <source>request in flight (kernel / helper)</source>
        <translation>请求进行中（内核 / 辅助线程）</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="189"/>
        <source>system call</source>
        <translation>系统调用</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="190"/>
        <source>EAGAIN</source>
        <translation>EAGAIN</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="191"/>
        <source>SIGIO</source>
        <translation>SIGIO</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="192"/>
        <source>readiness</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="193"/>
        <source>completion</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="194"/>
        <source>sender&apos;s write</source>
        <translation>发送方写入</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="232"/>
        <source>Whole run: time since the read was issued</source>
        <translation>整个过程：从发出读请求开始的时间</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="234"/>
        <source>The copy, zoomed: around data ready</source>
        <translation>拷贝阶段放大：数据就绪前后</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="280"/>
        <source>wait {w} · copy {c}</source>
        <translation>等待 {w} · 拷贝 {c}</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="282"/>
        <source>system calls: {n} · EAGAIN: {e}</source>
        <translation>系统调用：{n} · EAGAIN：{e}</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="284"/>
        <source>other work: {n}</source>
        <translation>其他工作：{n}</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="298"/>
        <source>failed: {m}</source>
        <translation>失败：{m}</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="305"/>
        <source>waiting for its turn</source>
        <translation>等待轮到它</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="305"/>
        <source>not run yet: press Run again</source>
        <translation>尚未运行：请再按一次“运行”</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="321"/>
        <source>running… {t}</source>
        <translation>运行中… {t}</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lane_painter.py" line="82"/>
        <location filename="../labs/iomodels/lane_painter.py" line="84"/>
        <source>wait</source>
        <translation>等待</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lane_painter.py" line="85"/>
        <location filename="../labs/iomodels/lane_painter.py" line="87"/>
        <source>copy</source>
        <translation>拷贝</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lane_painter.py" line="189"/>
        <source>no other work done</source>
        <translation>没有做其他工作</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lane_painter.py" line="249"/>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="347"/>
        <source>process</source>
        <translation>进程</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="347"/>
        <source>sender process</source>
        <translation>发送方进程</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="348"/>
        <source>completion thread</source>
        <translation>完成线程</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="349"/>
        <source>{who}: {name} → {res}, {dur} at {at}</source>
        <translation>{who}：{name} → {res}，耗时 {dur}，在 {at}</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="353"/>
        <source>, copied {n} bytes</source>
        <translation>，拷贝了 {n} 字节</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="357"/>
        <source>{n} EAGAIN returns here</source>
        <translation>这里返回了 {n} 次 EAGAIN</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="362"/>
        <source>held in its own recv while the kernel copies</source>
        <translation>内核拷贝期间阻塞在自己的 recv 中</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="363"/>
        <source>awake, polling: EAGAIN again and again</source>
        <translation>醒着，轮询：一次又一次 EAGAIN</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="365"/>
        <source>no progress, in no system call: another task had the CPU</source>
        <translation>无进展，也不在系统调用中：CPU 被其他任务占用</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/lanes.py" line="367"/>
        <source>{what} for {dur}</source>
        <translation>{what}，持续 {dur}</translation>
    </message>
</context>
<context>
    <name>LoadSummary</name>
    <message>
        <location filename="../labs/sockets/load_text.py" line="44"/>
        <source>running</source>
        <extracomment>A process using this much of one core is the limit (a Python process runs one thread at a time).</extracomment>
        <translation>运行中</translation>
    </message>
    <message>
        <location filename="../labs/sockets/load_text.py" line="44"/>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../labs/sockets/load_text.py" line="48"/>
        <source>n/a</source>
        <translation>无数据</translation>
    </message>
    <message>
        <location filename="../labs/sockets/load_text.py" line="50"/>
        <source>{head}: {n} connected · {req} requests · {rps} req/s · p50 {p50} · p99 {p99}</source>
        <translation>{head}：已连接 {n} · {req} 个请求 · {rps} 请求/秒 · p50 {p50} · p99 {p99}</translation>
    </message>
    <message>
        <location filename="../labs/sockets/load_text.py" line="57"/>
        <source>{n} wrong echoes</source>
        <translation>{n} 个回显错误</translation>
    </message>
    <message>
        <location filename="../labs/sockets/load_text.py" line="59"/>
        <source>{n} incomplete</source>
        <translation>{n} 个不完整</translation>
    </message>
    <message>
        <location filename="../labs/sockets/load_text.py" line="61"/>
        <source>{n} unanswered</source>
        <translation>{n} 个无应答</translation>
    </message>
    <message>
        <location filename="../labs/sockets/load_text.py" line="63"/>
        <source>{n} connection errors</source>
        <translation>{n} 个连接错误</translation>
    </message>
    <message>
        <location filename="../labs/sockets/load_text.py" line="67"/>
        <source>every byte checked</source>
        <translation>每个字节都已核对</translation>
    </message>
    <message>
        <location filename="../labs/sockets/load_text.py" line="69"/>
        <source>no request completed</source>
        <translation>没有请求完成</translation>
    </message>
    <message>
        <location filename="../labs/sockets/load_text.py" line="74"/>
        <source>limit: the server process ({pct:.0f}% of a core)</source>
        <translation>瓶颈：服务器进程（占一个核心的 {pct:.0f}%）</translation>
    </message>
    <message>
        <location filename="../labs/sockets/load_text.py" line="75"/>
        <source>limit: the clients process ({pct:.0f}% of a core)</source>
        <translation>瓶颈：客户端进程（占一个核心的 {pct:.0f}%）</translation>
    </message>
    <message>
        <location filename="../labs/sockets/load_text.py" line="76"/>
        <source>limit: the machine&apos;s {cores} cores are busy</source>
        <translation>瓶颈：本机的 {cores} 个核心都已满负荷</translation>
    </message>
    <message>
        <location filename="../labs/sockets/load_text.py" line="77"/>
        <source>limit: the request rate you asked for</source>
        <translation>瓶颈：你设定的请求速率</translation>
    </message>
    <message>
        <location filename="../labs/sockets/load_text.py" line="78"/>
        <source>limit: each connection waits for its echo</source>
        <translation>瓶颈：每个连接都在等待自己的回显</translation>
    </message>
</context>
<context>
    <name>LoopBox</name>
    <message>
        <location filename="../labs/sockets/controls.py" line="76"/>
        <source>Loop control</source>
        <translation>循环控制</translation>
    </message>
    <message>
        <location filename="../labs/sockets/controls.py" line="78"/>
        <source>Slow motion</source>
        <translation>慢动作</translation>
    </message>
    <message>
        <location filename="../labs/sockets/controls.py" line="84"/>
        <source>Delay the server loop before each call it makes (select, accept, recv, send...), so you can follow every event (0 = full speed)</source>
        <translation>在服务器循环的每次调用（select、accept、recv、send……）之前延迟，便于看清每个事件（0 = 全速）</translation>
    </message>
    <message>
        <location filename="../labs/sockets/controls.py" line="91"/>
        <source>Hold the loop before each call it makes: select() about to wait, select() returned, accept(), recv(), send()...</source>
        <translation>在循环的每次调用之前暂停：select() 即将等待、select() 已返回、accept()、recv()、send()……</translation>
    </message>
    <message>
        <location filename="../labs/sockets/controls.py" line="95"/>
        <source>Run the loop to its next call (F10)</source>
        <translation>让循环运行到下一次调用 (F10)</translation>
    </message>
    <message>
        <location filename="../labs/sockets/controls.py" line="96"/>
        <source>Next iteration</source>
        <translation>下一轮循环</translation>
    </message>
    <message>
        <location filename="../labs/sockets/controls.py" line="97"/>
        <source>Run the loop until its next select() (Shift+F10)</source>
        <translation>让循环运行到下一次 select() (Shift+F10)</translation>
    </message>
    <message>
        <location filename="../labs/sockets/controls.py" line="98"/>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../labs/sockets/controls.py" line="99"/>
        <source>Leave step mode: the loop runs freely again (F5)</source>
        <translation>退出单步模式：循环重新全速运行 (F5)</translation>
    </message>
    <message>
        <location filename="../labs/sockets/controls.py" line="90"/>
        <source>Step mode</source>
        <translation>单步模式</translation>
    </message>
    <message>
        <location filename="../labs/sockets/controls.py" line="94"/>
        <source>Step</source>
        <translation>单步</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../app.py" line="78"/>
        <source>evsim: event-driven programming, made visible</source>
        <extracomment>Deliberately English: without a CJK font, the same hint in Chinese would be boxes.</extracomment>
        <translation>evsim：让事件驱动编程看得见</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="19"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="21"/>
        <source>&amp;Export event log...</source>
        <translation>导出事件日志(&amp;E)...</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="22"/>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="23"/>
        <source>Save the current lab&apos;s event log as CSV or JSON</source>
        <translation>把当前实验的事件日志保存为 CSV 或 JSON</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="29"/>
        <source>Save &amp;screenshot...</source>
        <translation>保存截图(&amp;S)...</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="30"/>
        <source>Ctrl+Shift+S</source>
        <translation>Ctrl+Shift+S</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="31"/>
        <source>Save a PNG picture of the window</source>
        <translation>把窗口保存为 PNG 图片</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="35"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="40"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="54"/>
        <source>Animation &amp;speed</source>
        <translation>动画速度(&amp;S)</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="60"/>
        <source>%1x</source>
        <translation>%1x</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="66"/>
        <source>&amp;Reset this lab to defaults...</source>
        <translation>将本实验恢复为默认设置(&amp;R)...</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="67"/>
        <source>Stop the lab on screen and put its remembered settings back to their defaults</source>
        <translation>停止当前实验，并把它记住的设置恢复为默认值</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="73"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="74"/>
        <source>&amp;Guide to the concepts</source>
        <translation>概念指南(&amp;G)</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="78"/>
        <source>&amp;About evsim</source>
        <translation>关于 evsim(&amp;A)</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="84"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="89"/>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="100"/>
        <source>&amp;Presentation mode</source>
        <translation>演示模式(&amp;P)</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="102"/>
        <source>Full screen, larger text, high contrast and thicker lines, for a projector</source>
        <translation>全屏、更大的文字、高对比度和更粗的线条，适合投影仪</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="108"/>
        <source>Zoom &amp;in</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="109"/>
        <source>Zoom &amp;out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="110"/>
        <source>&amp;Actual size</source>
        <translation>实际大小(&amp;A)</translation>
    </message>
    <message>
        <location filename="../app.py" line="104"/>
        <location filename="../app.py" line="288"/>
        <source>server: stopped</source>
        <translation>服务器：已停止</translation>
    </message>
    <message>
        <location filename="../app.py" line="251"/>
        <source>%1: back to its defaults</source>
        <translation>%1：已恢复默认设置</translation>
    </message>
    <message>
        <location filename="../app.py" line="266"/>
        <source>Remembered from last time: %1. This lab may be slow or busy.</source>
        <translation>沿用了上次记住的设置：%1。这个实验可能会很慢或很忙。</translation>
    </message>
    <message>
        <location filename="../app.py" line="268"/>
        <location filename="../app.py" line="349"/>
        <source>Reset this lab to defaults</source>
        <translation>恢复默认设置</translation>
    </message>
    <message>
        <location filename="../app.py" line="284"/>
        <source>server: listening on %1:%2</source>
        <translation>服务器：正在监听 %1:%2</translation>
    </message>
    <message>
        <location filename="../app.py" line="304"/>
        <location filename="../app.py" line="316"/>
        <source>This lab has no event log to export.</source>
        <translation>这个实验没有可导出的事件日志。</translation>
    </message>
    <message>
        <location filename="../app.py" line="322"/>
        <source>Could not export to %1: %2</source>
        <translation>无法导出到 %1：%2</translation>
    </message>
    <message>
        <location filename="../app.py" line="326"/>
        <source>Exported %1 events to %2</source>
        <translation>已将 %1 个事件导出到 %2</translation>
    </message>
    <message>
        <location filename="../app.py" line="331"/>
        <source>Save screenshot</source>
        <translation>保存截图</translation>
    </message>
    <message>
        <location filename="../app.py" line="331"/>
        <source>PNG (*.png)</source>
        <translation>PNG (*.png)</translation>
    </message>
    <message>
        <location filename="../app.py" line="338"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../app.py" line="340"/>
        <source>Could not write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <location filename="../app.py" line="350"/>
        <source>Stop what %1 is running and put every setting back to its default?</source>
        <translation>停止%1正在运行的一切，并把每项设置恢复为默认值？</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="39"/>
        <source>evsim guide</source>
        <translation>evsim 指南</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="64"/>
        <source>About evsim</source>
        <translation>关于 evsim</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="65"/>
        <source>&lt;b&gt;evsim %1&lt;/b&gt;&lt;p&gt;A lab that makes event-driven programming and I/O multiplexing visible. Everything it shows runs for real: threads, sockets, selectors and signals, measured with real clocks.&lt;/p&gt;</source>
        <translation>&lt;b&gt;evsim %1&lt;/b&gt;&lt;p&gt;一个让事件驱动编程和 I/O 多路复用看得见的实验室。它显示的一切都是真实运行的：线程、套接字、选择器和信号，用真实的时钟测量。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <location filename="../widgets/message_bar.py" line="47"/>
        <source>Close this message</source>
        <extracomment>level -&gt; (background, border) colours; the text is the palette&apos;s, for contrast on any theme. the bar was closed by the user (×) or cleared</extracomment>
        <translation>关闭这条消息</translation>
    </message>
</context>
<context>
    <name>MultiplexChart</name>
    <message>
        <location filename="../labs/multiplex/chart.py" line="57"/>
        <source>watched sockets N (log scale)</source>
        <translation>监控的套接字数 N（对数坐标）</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/chart.py" line="58"/>
        <source>µs per call, median (log scale)</source>
        <translation>每次调用 µs，中位数（对数坐标）</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/chart.py" line="77"/>
        <source>%1 median</source>
        <translation>%1 中位数</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/chart.py" line="117"/>
        <source>select refused N ≥ %1:
ValueError, no cost to plot</source>
        <translation>select 拒绝 N ≥ %1：
ValueError，没有可画的开销</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/chart.py" line="87"/>
        <source>95th percentile</source>
        <translation>第 95 百分位</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/chart.py" line="91"/>
        <location filename="../labs/multiplex/chart.py" line="97"/>
        <source>FD_SETSIZE = %1</source>
        <translation>FD_SETSIZE = %1</translation>
    </message>
</context>
<context>
    <name>MultiplexGrid</name>
    <message>
        <location filename="../labs/multiplex/grid.py" line="51"/>
        <source>Each cell is one real socket (both ends of socketpairs); yellow cells have a byte waiting.
select and poll look at every cell on every call; epoll is handed only the ready ones.</source>
        <extracomment>One colour per backend, shared with the chart.</extracomment>
        <translation>每个格子是一个真实的套接字（socketpair 的两端）；黄色格子有一个字节等待读取。
select 和 poll 每次调用都查看每一个格子；epoll 只拿到就绪的那些。</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/grid.py" line="201"/>
        <source>measuring...</source>
        <translation>测量中...</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/grid.py" line="202"/>
        <source>not measured at this N and K yet</source>
        <translation>尚未在这个 N 和 K 下测量</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/grid.py" line="207"/>
        <source>refused</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/grid.py" line="210"/>
        <source>%1 µs/call</source>
        <translation>%1 µs/次调用</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/grid.py" line="216"/>
        <source>ValueError: an fd is &gt;= FD_SETSIZE (%1)</source>
        <translation>ValueError：有 fd &gt;= FD_SETSIZE (%1)</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/grid.py" line="218"/>
        <source>%1 sockets, %2 ready</source>
        <translation>%1 个套接字，%2 个就绪</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/grid.py" line="220"/>
        <source>hands back only the %1 ready</source>
        <translation>只返回 %1 个就绪的</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/grid.py" line="221"/>
        <source>looks at all %1 to find %2 ready</source>
        <translation>查看全部 %1 个才找到 %2 个就绪的</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/grid.py" line="228"/>
        <source> · 1 cell = %1 sockets</source>
        <translation> · 1 格 = %1 个套接字</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/grid.py" line="230"/>
        <source>%1 of %2 descriptors are &gt;= %3 (red)</source>
        <translation>%2 个描述符中有 %1 个 &gt;= %3（红色）</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/grid.py" line="235"/>
        <source>calls: %1</source>
        <translation>调用次数：%1</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/grid.py" line="308"/>
        <source>as costly as poll</source>
        <translation>与 poll 开销相当</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/grid.py" line="310"/>
        <source>%1x cheaper than poll</source>
        <translation>比 poll 便宜 %1 倍</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/grid.py" line="311"/>
        <source>%1x dearer than poll</source>
        <translation>比 poll 昂贵 %1 倍</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/grid.py" line="240"/>
        <source>select.select() raised
ValueError: filedescriptor
out of range in select()</source>
        <translation>select.select() 抛出
ValueError: filedescriptor
out of range in select()</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/grid.py" line="258"/>
        <source>idle socket</source>
        <translation>空闲套接字</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/grid.py" line="259"/>
        <source>ready, not found yet</source>
        <translation>已就绪，尚未找到</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/grid.py" line="260"/>
        <source>looked at this call</source>
        <translation>本次调用已查看</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/grid.py" line="261"/>
        <source>ready, reported</source>
        <translation>已就绪，已报告</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/grid.py" line="262"/>
        <source>scan position</source>
        <translation>扫描位置</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/grid.py" line="263"/>
        <source>never looked at</source>
        <translation>从未查看</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/grid.py" line="264"/>
        <source>fd &gt;= FD_SETSIZE</source>
        <translation>fd &gt;= FD_SETSIZE</translation>
    </message>
</context>
<context>
    <name>Panel</name>
    <message>
        <location filename="../labs/clicks/controls.py" line="47"/>
        <source> bursts/s</source>
        <translation> 组/秒</translation>
    </message>
    <message>
        <location filename="../labs/clicks/controls.py" line="54"/>
        <source> click(s)</source>
        <translation> 次点击</translation>
    </message>
    <message>
        <location filename="../labs/clicks/controls.py" line="56"/>
        <source>Clicks sent back to back each time, like a double click: faster than any scan, so a register keeps only the last one.</source>
        <translation>每次连续发出的点击数，像双击一样：比任何扫描都快，所以寄存器只会留下最后一次。</translation>
    </message>
    <message>
        <location filename="../labs/clicks/panel.py" line="187"/>
        <location filename="../labs/clicks/controls.py" line="59"/>
        <source>Start auto-clicking</source>
        <translation>开始自动点击</translation>
    </message>
    <message>
        <location filename="../labs/clicks/controls.py" line="41"/>
        <source>Auto-clicker (its own process)</source>
        <translation>自动点击器（独立进程）</translation>
    </message>
    <message>
        <location filename="../labs/clicks/controls.py" line="49"/>
        <source>How many times a second the auto-clicker clicks. It runs in a process of its own, so no poller can delay its clock.</source>
        <translation>自动点击器每秒点击的次数。它在自己的进程中运行，所以轮询线程无法拖慢它的时钟。</translation>
    </message>
    <message>
        <location filename="../labs/clicks/controls.py" line="61"/>
        <source>Start or stop the auto-clicker; its clicks go to both designs, like yours.</source>
        <translation>启动或停止自动点击器；它的点击和你的一样，同时送给两种设计。</translation>
    </message>
    <message>
        <location filename="../labs/clicks/controls.py" line="63"/>
        <source>Rate</source>
        <translation>频率</translation>
    </message>
    <message>
        <location filename="../labs/clicks/controls.py" line="64"/>
        <source>Burst</source>
        <translation>连击</translation>
    </message>
    <message>
        <location filename="../labs/clicks/controls.py" line="68"/>
        <source>Handlers (both designs)</source>
        <translation>处理函数（两种设计）</translation>
    </message>
    <message>
        <location filename="../labs/clicks/controls.py" line="87"/>
        <source>Polling</source>
        <translation>轮询</translation>
    </message>
    <message>
        <location filename="../labs/clicks/controls.py" line="102"/>
        <source>Registers the poller reads on every sweep: the mouse, the keyboard, and devices nobody clicks.</source>
        <translation>轮询线程每一轮都要读取的寄存器：鼠标、键盘，以及没有人点击的设备。</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/controls.py" line="96"/>
        <location filename="../labs/iomodels/panel.py" line="66"/>
        <location filename="../labs/clicks/controls.py" line="73"/>
        <location filename="../labs/clicks/controls.py" line="93"/>
        <source> ms</source>
        <extracomment>The demo ``evsim shot`` records: the defaults (five lanes done well within its 3 seconds). One model&apos;s run finished (its id), and its lane is drawn. A &quot;Run again&quot; ended: how many models completed, how many failed.</extracomment>
        <translation> 毫秒</translation>
    </message>
    <message>
        <location filename="../labs/clicks/controls.py" line="75"/>
        <source>How long on_click and on_key_down block, like a handler that writes a file or calls a server before it returns.</source>
        <translation>on_click 和 on_key_down 阻塞多久，就像一个要先写文件或调用服务器才返回的处理函数。</translation>
    </message>
    <message>
        <location filename="../labs/clicks/controls.py" line="78"/>
        <source>Event loop: offload handlers to a pool</source>
        <translation>事件循环：把处理函数交给线程池</translation>
    </message>
    <message>
        <location filename="../labs/clicks/controls.py" line="80"/>
        <source>The loop hands each handler to a worker thread (ThreadPoolExecutor) and goes straight back to the queue.</source>
        <translation>事件循环把每个处理函数交给一个工作线程 (ThreadPoolExecutor)，然后立即回到队列。</translation>
    </message>
    <message>
        <location filename="../labs/clicks/controls.py" line="83"/>
        <source>Handler time</source>
        <translation>处理时间</translation>
    </message>
    <message>
        <location filename="../labs/clicks/controls.py" line="94"/>
        <source>0 (spin)</source>
        <translation>0（空转）</translation>
    </message>
    <message>
        <location filename="../labs/clicks/controls.py" line="96"/>
        <source>Sleep between two sweeps over the devices. 0 spins: clicks are found sooner, at the cost of a whole core.</source>
        <translation>两轮设备扫描之间的休眠时间。0 表示空转：点击被发现得更早，代价是占满一个 CPU 核。</translation>
    </message>
    <message>
        <location filename="../labs/clicks/controls.py" line="109"/>
        <source> µs</source>
        <translation> µs</translation>
    </message>
    <message>
        <location filename="../labs/clicks/controls.py" line="111"/>
        <source>Real CPU work spent reading each device: a sweep costs devices x this, and a click waits for the sweep to reach it.</source>
        <translation>读取每个设备所花的真实 CPU 工作：一轮扫描花费“设备数 × 该值”，点击要等扫描轮到它。</translation>
    </message>
    <message>
        <location filename="../labs/clicks/controls.py" line="114"/>
        <source>Interval</source>
        <translation>间隔</translation>
    </message>
    <message>
        <location filename="../labs/clicks/controls.py" line="115"/>
        <source>Devices</source>
        <translation>设备数</translation>
    </message>
    <message>
        <location filename="../labs/clicks/controls.py" line="116"/>
        <source>Scan cost</source>
        <translation>扫描开销</translation>
    </message>
    <message>
        <location filename="../labs/clicks/panel.py" line="143"/>
        <source>Could not start the clicks lab: {e}</source>
        <extracomment>The design processes and the auto-clicker&apos;s have been started. A click from the pad was delivered to both designs (its number).</extracomment>
        <translation>无法启动点击实验：{e}</translation>
    </message>
    <message>
        <location filename="../labs/clicks/panel.py" line="149"/>
        <source>Polling and event loop running, each in its own process; click the pad.</source>
        <translation>轮询和事件循环都在运行，各自在独立的进程中；请点击面板。</translation>
    </message>
    <message>
        <location filename="../labs/clicks/panel.py" line="187"/>
        <source>Stop auto-clicking</source>
        <translation>停止自动点击</translation>
    </message>
    <message>
        <location filename="../labs/clicks/panel.py" line="217"/>
        <source>Clicks: polling vs event loop</source>
        <translation>点击：轮询 vs 事件循环</translation>
    </message>
    <message>
        <location filename="../labs/clicks/panel.py" line="221"/>
        <source>&lt;b&gt;What you are seeing.&lt;/b&gt; Each click, key press or auto-click goes at once to two designs, each in its own process.&lt;br&gt;&lt;b&gt;Polling&lt;/b&gt; (left) reads every device&apos;s register in turn, forever: it burns a core with nothing to find, sees a click only when the scan gets there and runs the handler inline; a newer click overwrites an unread one: &lt;b&gt;lost&lt;/b&gt;.&lt;br&gt;&lt;b&gt;Event loop&lt;/b&gt; (right): a click becomes a message in a queue; the loop sleeps in &lt;tt&gt;queue.get()&lt;/tt&gt; (no CPU), then calls its handler. Nothing is lost; a slow handler makes the others &lt;b&gt;wait&lt;/b&gt;; &lt;i&gt;offload&lt;/i&gt; runs them on a pool. Handlers sleep, like one waiting for a disk: &quot;busy&quot; at 0% CPU.&lt;br&gt;The registers are shared memory this window writes, the queue is a pipe, the auto-clicker has its own process: no design delays another, the clock or this window. CPU: each design&apos;s thread clock.</source>
        <translation>&lt;b&gt;你看到的是什么。&lt;/b&gt;每一次点击、按键或自动点击都会同时送到两种设计，它们各自在独立的进程中。&lt;br&gt;&lt;b&gt;轮询&lt;/b&gt;（左）一遍又一遍地依次读取每个设备的寄存器：即使什么也找不到也会占满一个核心，只有扫描到那里时才看到点击，并就地运行处理函数；新的点击会覆盖尚未读取的旧点击：&lt;b&gt;丢失&lt;/b&gt;。&lt;br&gt;&lt;b&gt;事件循环&lt;/b&gt;（右）：点击变成消息队列中的一条消息；循环在 &lt;tt&gt;queue.get()&lt;/tt&gt; 中睡眠（不占 CPU），然后调用消息对应的处理函数。什么都不会丢失；慢的处理函数会让其他消息&lt;b&gt;等待&lt;/b&gt;；&lt;i&gt;转交&lt;/i&gt;则把它们交给线程池运行。处理函数在睡眠，就像在等待磁盘：“忙”但 CPU 为 0%。&lt;br&gt;寄存器是本窗口写入的共享内存，队列是一个管道，自动点击器有自己的进程：没有哪个设计会拖慢另一个、时钟或本窗口。CPU：每种设计线程自己的 CPU 时钟。</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="67"/>
        <source>How long after the read is issued the sender writes the message. This is the wait phase.</source>
        <translation>发出读请求后多久，发送方才写入消息。这就是等待阶段。</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="72"/>
        <source> KiB</source>
        <translation> KiB</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="73"/>
        <source>Size of the message. A larger message makes the copy phase longer.</source>
        <translation>消息的大小。消息越大，拷贝阶段越长。</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="76"/>
        <source>The sender writes the message in this many pieces, 1 ms apart: each piece needs its own readiness, signal or recv.</source>
        <translation>发送方把消息分成这么多块写入，间隔 1 毫秒：每一块都需要各自的就绪通知、信号或 recv。</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="81"/>
        <source>The call the I/O multiplexing model sleeps in, watching 4 sockets of which one gets the message.</source>
        <translation>I/O 多路复用模型休眠所在的调用，监控 4 个套接字，其中一个收到消息。</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="92"/>
        <source>Delay</source>
        <translation>延迟</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="93"/>
        <source>Message size</source>
        <translation>消息大小</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="94"/>
        <source>Pieces</source>
        <translation>分块数</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="95"/>
        <source>Multiplexing call</source>
        <translation>多路复用调用</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="96"/>
        <source>The message</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="99"/>
        <source>Run again</source>
        <translation>再次运行</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="101"/>
        <source>Run all five models for real, one after another, and draw their timelines.</source>
        <translation>真实地依次运行全部五种 I/O 模型，并画出它们的时间线。</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="107"/>
        <source>%v of %m models</source>
        <translation>%v / %m 个模型</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="108"/>
        <source>Models run so far in this round.</source>
        <translation>本轮已运行的模型。</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="109"/>
        <source>Not run yet.</source>
        <translation>尚未运行。</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="111"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="119"/>
        <source>Runs not done yet.</source>
        <translation>尚未完成的运行。</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="122"/>
        <source>What actually ran, as the runs reported it.</source>
        <translation>实际运行的内容，按各次运行的报告。</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="123"/>
        <source>What ran</source>
        <translation>实际运行</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="153"/>
        <source>I/O models</source>
        <translation>I/O 模型</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="157"/>
        <source>&lt;p&gt;A read has two phases: &lt;b&gt;wait&lt;/b&gt; until the data reaches the kernel, then &lt;b&gt;copy&lt;/b&gt; it into the process&apos;s buffer. Each lane is one real run: a sender process writes the message after the delay, and the process reads it with one of the five models.&lt;/p&gt;&lt;p&gt;Left: the whole run. Right: the copy, zoomed around the moment the data was ready. &lt;b&gt;Grey&lt;/b&gt;: asleep in a system call. &lt;b&gt;Orange&lt;/b&gt;: awake, asking &quot;ready yet?&quot; (EAGAIN). &lt;b&gt;Green&lt;/b&gt;: other work (the curve counts it). &lt;b&gt;Blue&lt;/b&gt;: its own &lt;tt&gt;recv&lt;/tt&gt; copying.&lt;/p&gt;&lt;p&gt;Only the &lt;b&gt;asynchronous&lt;/b&gt; model is free in both phases: the kernel fills its buffer and tells it when it is done.&lt;/p&gt;</source>
        <translation>&lt;p&gt;一次读操作分两个阶段：&lt;b&gt;等待数据准备&lt;/b&gt;（数据到达内核），然后&lt;b&gt;将数据从内核拷贝到用户进程&lt;/b&gt;的缓冲区。每条泳道都是一次真实的运行：发送方进程在延迟之后写入消息，本进程用五种模型之一读取它。&lt;/p&gt;&lt;p&gt;左：整个过程。右：拷贝阶段，在数据就绪的时刻附近放大。&lt;b&gt;灰色&lt;/b&gt;：在系统调用中休眠。&lt;b&gt;橙色&lt;/b&gt;：醒着，反复询问“就绪了吗？”(EAGAIN)。&lt;b&gt;绿色&lt;/b&gt;：其他工作（曲线为其计数）。&lt;b&gt;蓝色&lt;/b&gt;：自己的 &lt;tt&gt;recv&lt;/tt&gt; 正在拷贝。&lt;/p&gt;&lt;p&gt;只有&lt;b&gt;异步 I/O&lt;/b&gt; 模型在两个阶段都是空闲的：内核填满它的缓冲区，完成后再通知它。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="224"/>
        <source>A run is still going: wait for it to finish.</source>
        <translation>还有一次运行在进行：请等它结束。</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="231"/>
        <source>Cannot run: {e}</source>
        <translation>无法运行：{e}</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="238"/>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="245"/>
        <source>Cannot start the run: {e}</source>
        <translation>无法开始运行：{e}</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="247"/>
        <source>Running the five I/O models ({d} ms delay, {s} KiB)…</source>
        <translation>正在运行五种 I/O 模型（延迟 {d} 毫秒，{s} KiB）…</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="261"/>
        <source>Running {m} ({i} of {n})…</source>
        <translation>正在运行 {m}（第 {i} 个，共 {n} 个）…</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="273"/>
        <source>{m} failed: {e}</source>
        <translation>{m} 失败：{e}</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="274"/>
        <source>The run</source>
        <translation>本次运行</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="279"/>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="283"/>
        <source>{n} of 5 models ran; free during the copy: {free}.</source>
        <translation>5 个模型中运行了 {n} 个；拷贝期间空闲的：{free}。</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="284"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="287"/>
        <source>Starting the runs in a child process…</source>
        <translation>正在子进程中启动运行…</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="292"/>
        <source>No model completed.</source>
        <translation>没有模型完成。</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="296"/>
        <source>Asynchronous: {n} units of other work, and not one call of its own copied the data.</source>
        <translation>异步 I/O：做了 {n} 个单位的其他工作，而且它自己没有任何一次调用拷贝数据。</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="300"/>
        <source>Non-blocking asked {n} times in vain.</source>
        <translation>非阻塞 I/O 白白询问了 {n} 次。</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="301"/>
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="306"/>
        <source>{call} over 4 sockets, one of them written</source>
        <translation>{call} 监控 4 个套接字，其中一个被写入</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="308"/>
        <source>to the main thread (F_SETOWN_EX)</source>
        <translation>发给主线程 (F_SETOWN_EX)</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="309"/>
        <source>to the process (F_SETOWN)</source>
        <translation>发给进程 (F_SETOWN)</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="310"/>
        <source>a real SIGIO {where}</source>
        <translation>一个真实的 SIGIO {where}</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="313"/>
        <source>io_uring: IORING_OP_RECV; the kernel copies into the buffer when the data arrives, and the completion is read from shared memory</source>
        <translation>io_uring：IORING_OP_RECV；数据到达时由内核拷贝到缓冲区，完成事件从共享内存中读取</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="315"/>
        <source>a completion thread: a helper makes the blocking recv into the buffer, as glibc&apos;s POSIX AIO does</source>
        <translation>一个完成线程：由辅助线程执行阻塞的 recv 读入缓冲区，和 glibc 的 POSIX AIO 做法一样</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="322"/>
        <source>not pinned: the machine is busy (load {load} on {n} CPUs)</source>
        <translation>未绑定 CPU：机器很忙（{n} 个 CPU，负载 {load}）</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="324"/>
        <source>process on CPU {a}, sender and helpers on CPU {b}</source>
        <translation>本进程在 CPU {a} 上，发送方和辅助线程在 CPU {b} 上</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="325"/>
        <source>one CPU, shared</source>
        <translation>只有一个 CPU，共用</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="335"/>
        <source>Runs in a child process</source>
        <translation>在子进程中运行</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/panel.py" line="336"/>
        <source>Runs in this process</source>
        <translation>在本进程中运行</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/controls.py" line="36"/>
        <location filename="../labs/sockets/panel.py" line="89"/>
        <source>Sockets</source>
        <extracomment>Connections the embedded server accepts at most (the load panel can open 10,000). The embedded server is listening on (host, port). The embedded server has stopped (by the user, on shutdown, or because its loop failed). The recording shown instead of the live server (File &gt; Open recording), or None: live.</extracomment>
        <translation>套接字</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/controls.py" line="40"/>
        <source>How many real sockets every call watches (1 to %1).</source>
        <translation>每次调用监控多少个真实的套接字（1 到 %1）。</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/controls.py" line="45"/>
        <source>Watched sockets N, on a log scale. select refuses any descriptor numbered %1 or more.</source>
        <translation>监控的套接字数 N，对数刻度。select 拒绝编号为 %1 及以上的任何描述符。</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/controls.py" line="50"/>
        <source>How many of the watched sockets have a byte waiting (at most N).</source>
        <translation>监控的套接字中有多少个有字节等待读取（最多 N 个）。</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/controls.py" line="54"/>
        <source>Ready sockets K, on a log scale: epoll&apos;s cost follows K, not N.</source>
        <translation>就绪的套接字数 K，对数刻度：epoll 的开销取决于 K，而不是 N。</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/controls.py" line="57"/>
        <source>idle: K of N ready</source>
        <translation>空闲：N 个中 K 个就绪</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/controls.py" line="58"/>
        <source>busy: all N ready</source>
        <translation>繁忙：N 个全部就绪</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/controls.py" line="60"/>
        <source>churn: ready sockets re-registered</source>
        <translation>频繁变动：就绪套接字反复重新注册</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/controls.py" line="66"/>
        <source>Watched sockets N</source>
        <translation>监控的套接字 N</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/controls.py" line="68"/>
        <source>Ready sockets K</source>
        <translation>就绪的套接字 K</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/controls.py" line="71"/>
        <source>Measure as the sliders move</source>
        <translation>拖动滑块时测量</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/controls.py" line="72"/>
        <source>Measure the three calls at the new N and K shortly after you stop moving a slider (in a separate process).</source>
        <translation>停止拖动滑块片刻后，在新的 N 和 K 下测量这三种调用（在独立的进程中）。</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/controls.py" line="105"/>
        <source>Measure all three calls over a range of N with the current K and workload; the chart keeps this sweep while you move the sliders.</source>
        <translation>用当前的 K 和负载，在一系列 N 上测量全部三种调用；拖动滑块时图表会保留这次扫描。</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/controls.py" line="75"/>
        <source>Measure this N</source>
        <translation>测量当前 N</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/controls.py" line="76"/>
        <source>Measure select, poll and epoll at the current N and K now.</source>
        <translation>现在就在当前的 N 和 K 下测量 select、poll 和 epoll。</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/controls.py" line="82"/>
        <location filename="../labs/multiplex/controls.py" line="104"/>
        <source>Sweep</source>
        <translation>扫描测量</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/controls.py" line="88"/>
        <source>The sweep measures N from 16 up to this, on a log scale.</source>
        <translation>扫描测量从 16 到这个值的 N，按对数刻度取点。</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/controls.py" line="92"/>
        <source>How many values of N the sweep measures.</source>
        <translation>扫描测量多少个 N 值。</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/controls.py" line="97"/>
        <source>About how long each backend is timed at each N (more: steadier figures, slower sweep).</source>
        <translation>每个后端在每个 N 下大约计时多久（越长：数据越稳定，扫描越慢）。</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/controls.py" line="99"/>
        <source>Up to N</source>
        <translation>N 最大到</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/controls.py" line="100"/>
        <source>points</source>
        <translation>个点</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/controls.py" line="103"/>
        <source>Time per point</source>
        <translation>每点耗时</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/controls.py" line="108"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/controls.py" line="109"/>
        <source>Stop measuring (the points already measured stay).</source>
        <translation>停止测量（已测得的点保留）。</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/controls.py" line="117"/>
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/controls.py" line="119"/>
        <source>Clear chart</source>
        <translation>清空图表</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/controls.py" line="120"/>
        <source>Forget every measured point.</source>
        <translation>丢弃所有已测得的点。</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/controls.py" line="127"/>
        <source>The latest measurement at the current N and K (medians).</source>
        <translation>在当前 N 和 K 下的最新测量结果（中位数）。</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/panel.py" line="95"/>
        <source>Measured per-call cost against N, one curve per call; log scales.</source>
        <extracomment>Quiet time after the last slider move before measuring (ms). The grids animate this long after the last change or measurement, then hold still (an idle lab costs no CPU). A measured point arrived: backend, N, K. A sweep ended (True if it was stopped before the end). Every measured point: (backend, N, K, workload) -&gt; the measurement. The (K, workload) the chart shows: the latest sweep&apos;s, or the sliders&apos; before any sweep.</extracomment>
        <translation>测得的每次调用开销随 N 的变化，每种调用一条曲线；对数坐标。</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/panel.py" line="135"/>
        <source>Multiplexing</source>
        <translation>多路复用</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/panel.py" line="150"/>
        <source>%1 at N = %2 (%v of %m)</source>
        <translation>%1，N = %2（%v / %m）</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/panel.py" line="158"/>
        <source>Measuring failed: %1</source>
        <translation>测量失败：%1</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/panel.py" line="267"/>
        <source>select refused %1 sockets: %2 descriptors are numbered %3 or more (FD_SETSIZE)</source>
        <translation>select 拒绝了 %1 个套接字：其中 %2 个描述符的编号为 %3 或以上 (FD_SETSIZE)</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/panel.py" line="276"/>
        <source>stopped (%v of %m)</source>
        <translation>已停止（%v / %m）</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/panel.py" line="277"/>
        <source>Sweep stopped after %1 points.</source>
        <translation>扫描测量在 %1 个点后停止。</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/panel.py" line="279"/>
        <source>done: %m points</source>
        <translation>完成：%m 个点</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/panel.py" line="280"/>
        <source>Sweep done: %1 points in %2 s.</source>
        <translation>扫描测量完成：%1 个点，用时 %2 秒。</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/texts.py" line="18"/>
        <source>&lt;b&gt;What you are seeing.&lt;/b&gt; Every cell is a real socket; yellow ones have a byte waiting. Each lane makes timeout-0 calls asking which sockets are readable, timed in a separate process.&lt;br&gt;&lt;b&gt;select&lt;/b&gt; copies all N descriptors into the kernel and back on every call, then tests all N; a descriptor numbered 1024 or more (FD_SETSIZE) is refused: a ValueError, not a number.&lt;br&gt;&lt;b&gt;poll&lt;/b&gt; has no such cap, but still hands over and scans the whole array: its cost grows with N, faster beyond the CPU caches.&lt;br&gt;&lt;b&gt;epoll&lt;/b&gt; is told about the sockets once and returns only the K ready ones.&lt;br&gt;&lt;b&gt;epoll wins&lt;/b&gt; with many idle sockets; with all ready (&lt;i&gt;busy&lt;/i&gt;) its advantage vanishes, and when connections come and go (&lt;i&gt;churn&lt;/i&gt;) each costs it two &lt;tt&gt;epoll_ctl&lt;/tt&gt; calls, so with few sockets poll costs less. &lt;tt&gt;evsim bench --compare tlpi&lt;/tt&gt; holds it against the book.</source>
        <translation>&lt;b&gt;你看到的是什么。&lt;/b&gt;每一格都是一个真实的套接字；黄色的格子有一个字节在等待。每条通道都以超时 0 调用，询问哪些套接字可读，并在独立的进程中计时。&lt;br&gt;&lt;b&gt;select&lt;/b&gt; 每次调用都把全部 N 个描述符拷贝进内核再拷贝回来，然后检查全部 N 个；编号为 1024 或更大（FD_SETSIZE）的描述符会被拒绝：得到的是 ValueError，而不是一个数字。&lt;br&gt;&lt;b&gt;poll&lt;/b&gt; 没有这个上限，但仍要交出并扫描整个数组：它的开销随 N 增长，超出 CPU 缓存后增长得更快。&lt;br&gt;&lt;b&gt;epoll&lt;/b&gt; 只需被告知一次这些套接字，之后只返回 K 个就绪的。&lt;br&gt;空闲套接字很多时 &lt;b&gt;epoll 胜出&lt;/b&gt;；全部就绪时（&lt;i&gt;繁忙&lt;/i&gt;）它的优势消失；连接频繁建立和关闭时（&lt;i&gt;频繁变动&lt;/i&gt;）每个连接要花它两次 &lt;tt&gt;epoll_ctl&lt;/tt&gt; 调用，所以套接字很少时 poll 更便宜。&lt;tt&gt;evsim bench --compare tlpi&lt;/tt&gt; 把它和书中的数据对照。</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/texts.py" line="34"/>
        <source>Every socket ready: epoll has as much to report as poll, and its advantage vanishes.</source>
        <translation>所有套接字都就绪：epoll 要报告的和 poll 一样多，它的优势消失了。</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/texts.py" line="37"/>
        <source>Connections come and go: each costs epoll two epoll_ctl calls, so with few sockets poll and select cost less.</source>
        <translation>连接来来去去：每个连接要花 epoll 两次 epoll_ctl 调用，所以套接字很少时 poll 和 select 更便宜。</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/texts.py" line="40"/>
        <source>Many idle connections: epoll&apos;s cost follows K, poll&apos;s and select&apos;s follow N. This is where epoll wins.</source>
        <translation>大量空闲连接：epoll 的开销随 K 变化，poll 和 select 的开销随 N 变化。这正是 epoll 胜出的场景。</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/texts.py" line="47"/>
        <source>sweep</source>
        <translation>扫描</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/texts.py" line="49"/>
        <source>measured</source>
        <translation>已测量</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/texts.py" line="51"/>
        <source>all N ready</source>
        <translation>N 个全部就绪</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/texts.py" line="53"/>
        <source>K = %1 ready</source>
        <translation>K = %1 个就绪</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/texts.py" line="54"/>
        <source>%1, workload %2, %3</source>
        <translation>%1，负载 %2，%3</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/texts.py" line="65"/>
        <source>%1 refused</source>
        <translation>%1 拒绝</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/texts.py" line="68"/>
        <source>%1 %2 µs</source>
        <translation>%1 %2 µs</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/texts.py" line="72"/>
        <source>&lt;b&gt;N = %1, K = %2&lt;/b&gt;: not measured yet.</source>
        <translation>&lt;b&gt;N = %1，K = %2&lt;/b&gt;：尚未测量。</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/texts.py" line="74"/>
        <source>&lt;b&gt;N = %1, K = %2&lt;/b&gt;, median per call: </source>
        <translation>&lt;b&gt;N = %1，K = %2&lt;/b&gt;，每次调用的中位数：</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/texts.py" line="78"/>
        <source>epoll: %1.</source>
        <translation>epoll：%1。</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/texts.py" line="80"/>
        <source>poll: %1 ns per watched socket.</source>
        <translation>poll：每个被监视的套接字 %1 纳秒。</translation>
    </message>
    <message>
        <location filename="../labs/multiplex/panel.py" line="326"/>
        <source>starting...</source>
        <translation>正在启动...</translation>
    </message>
    <message>
        <location filename="../labs/sockets/panel.py" line="237"/>
        <source>Unknown backend {b}</source>
        <translation>未知的后端 {b}</translation>
    </message>
    <message>
        <location filename="../labs/sockets/panel.py" line="243"/>
        <source>Unknown server style {s}</source>
        <translation>未知的服务器风格 {s}</translation>
    </message>
    <message>
        <location filename="../labs/sockets/panel.py" line="255"/>
        <source>Could not start the server: {why}</source>
        <translation>无法启动服务器：{why}</translation>
    </message>
    <message>
        <location filename="../labs/sockets/panel.py" line="93"/>
        <source>&lt;b&gt;What you are seeing.&lt;/b&gt; A real echo server runs in its own process: one loop waits in &lt;code&gt;select()&lt;/code&gt; until sockets are ready, then handles each one and never blocks anywhere else. The &lt;b&gt;listening socket&lt;/b&gt; sits in the centre; each accepted &lt;b&gt;connection&lt;/b&gt; pops out of it and takes a place on a ring (with more than 60, a cell of a grid in fd order). The window only watches: what the server does reaches it as a stream of events. A &lt;span style=&apos;color:#4da3ff&apos;&gt;blue&lt;/span&gt; pulse means the selector reported it &lt;i&gt;readable&lt;/i&gt;, &lt;span style=&apos;color:#ffa94d&apos;&gt;orange&lt;/span&gt; &lt;i&gt;writable&lt;/i&gt;; dots on an edge are bytes going in and echoing out. A violet node with a pause sign has stopped being read because its echo is not being read by the peer (back-pressure); half a disc is a peer that shut its write side; red with a cross is a reset; a slashed ring was refused. Hover a node for its counters, click it to filter the log. Try &lt;i&gt;Step mode&lt;/i&gt; with the &lt;i&gt;Server loop&lt;/i&gt; tab open, or &lt;code&gt;{command}&lt;/code&gt; from a terminal.</source>
        <translation>&lt;b&gt;你看到的是什么。&lt;/b&gt;一个真实的回显服务器在自己的进程中运行：一个循环在 &lt;code&gt;select()&lt;/code&gt; 中等待，直到有套接字就绪，然后逐个处理，其他地方从不阻塞。&lt;b&gt;监听套接字&lt;/b&gt;位于中央；每个被 accept 的&lt;b&gt;连接&lt;/b&gt;从它那里弹出，在环上占据一个位置（超过 60 个连接时，按 fd 顺序排成网格中的一格）。窗口只负责观察：服务器所做的一切以事件流的形式到达窗口。&lt;span style=&apos;color:#4da3ff&apos;&gt;蓝色&lt;/span&gt;脉冲表示选择器报告它&lt;i&gt;可读&lt;/i&gt;，&lt;span style=&apos;color:#ffa94d&apos;&gt;橙色&lt;/span&gt;表示&lt;i&gt;可写&lt;/i&gt;；连线上的圆点是进出的字节。带暂停符号的紫色节点已暂停读取，因为对端没有读取它的回显（背压）；半个圆盘是关闭了写端的对端（半关闭）；带叉的红色是连接重置 (RST)；带斜线的环是被拒绝的连接。把鼠标悬停在节点上查看计数，点击节点筛选日志。试试打开&lt;i&gt;服务器循环&lt;/i&gt;标签页并使用&lt;i&gt;单步模式&lt;/i&gt;，或在终端中运行 &lt;code&gt;{command}&lt;/code&gt;。</translation>
    </message>
    <message>
        <location filename="../labs/sockets/panel.py" line="269"/>
        <source>Starting the server on {host}:{port}…</source>
        <translation>正在 {host}:{port} 上启动服务器…</translation>
    </message>
    <message>
        <location filename="../labs/sockets/panel.py" line="280"/>
        <source>Listening on {host}:{port} ({style}, {backend}), server process {pid}</source>
        <translation>正在监听 {host}:{port}（{style}，{backend}），服务器进程 {pid}</translation>
    </message>
    <message>
        <location filename="../labs/sockets/panel.py" line="283"/>
        <source>Warning: {host} is not a loopback address, so other machines can connect.</source>
        <translation>警告：{host} 不是回环地址，其他机器也可以连接。</translation>
    </message>
    <message>
        <location filename="../labs/sockets/panel.py" line="303"/>
        <source>No free port on {host}.</source>
        <translation>{host} 上没有空闲端口。</translation>
    </message>
    <message>
        <location filename="../labs/sockets/panel.py" line="304"/>
        <source>Port {port} is already in use: choose another port, or turn the Port box down to &apos;any&apos; (0) to let the system pick a free one.</source>
        <translation>端口 {port} 已被占用：请换一个端口，或把“端口”框调到最小值“任意”(0)，由系统挑选一个空闲端口。</translation>
    </message>
    <message>
        <location filename="../labs/sockets/panel.py" line="307"/>
        <source>Not allowed to listen on port {port} (ports below 1024 need privileges).</source>
        <translation>不允许监听端口 {port}（1024 以下的端口需要特权）。</translation>
    </message>
    <message>
        <location filename="../labs/sockets/panel.py" line="310"/>
        <source>Cannot listen on {host}: not an address of this machine.</source>
        <translation>无法监听 {host}：它不是本机的地址。</translation>
    </message>
    <message>
        <location filename="../labs/sockets/panel.py" line="312"/>
        <source>The server process was killed; press Start to run it again ({why}).</source>
        <translation>服务器进程被杀死了；按“启动”重新运行（{why}）。</translation>
    </message>
    <message>
        <location filename="../labs/sockets/panel.py" line="314"/>
        <source>The server stopped: {why}</source>
        <translation>服务器已停止：{why}</translation>
    </message>
    <message>
        <location filename="../labs/sockets/replay_control.py" line="358"/>
        <location filename="../labs/sockets/panel.py" line="323"/>
        <source>Server stopped</source>
        <extracomment>Events replayed through the live path after a keyframe scene (what the log shows around the position). A paused replay draws the map this long (recorded time) after the event shown: a node just accepted has grown in, a pulse or bytes just sent are still in sight. Time slices of the density drawn on the track. The longest a coalesced seek waits for the previous one (ms). The plots are rebuilt this long after the last seek (ms). How often a seek waiting for its keyframe looks again (ms). The position changed: the index of the last event shown. Playing reached the end of the recording. The sink&apos;s interface for the frame bridge: always 0 (a recording&apos;s own losses are events in it).</extracomment>
        <translation>服务器已停止</translation>
    </message>
    <message>
        <location filename="../labs/sockets/panel.py" line="367"/>
        <source>{ms} ms/event</source>
        <translation>{ms} 毫秒/事件</translation>
    </message>
    <message>
        <location filename="../labs/sockets/panel.py" line="367"/>
        <source>full speed</source>
        <translation>全速</translation>
    </message>
</context>
<context>
    <name>ProgramText</name>
    <message>
        <location filename="../labs/sockets/program_text.py" line="26"/>
        <source>readable forever (EOF not handled)</source>
        <translation>永远可读（未处理 EOF）</translation>
    </message>
    <message>
        <location filename="../labs/sockets/program_text.py" line="27"/>
        <source>partial send</source>
        <translation>部分发送</translation>
    </message>
    <message>
        <location filename="../labs/sockets/program_text.py" line="28"/>
        <source>blocked loop</source>
        <translation>事件循环被阻塞</translation>
    </message>
    <message>
        <location filename="../labs/sockets/program_text.py" line="29"/>
        <source>fd beyond select()&apos;s limit</source>
        <translation>超出 select() 上限的 fd</translation>
    </message>
    <message>
        <location filename="../labs/sockets/program_text.py" line="40"/>
        <source>fd {fd}: the peer closed it, yet it stays registered: recv() returned b&apos;&apos; {n} times in {ms} ms, each time right after select() said it was readable. At end of file a socket is readable forever, so the loop spins at full CPU: unregister and close it when recv() returns b&apos;&apos;.</source>
        <translation>fd {fd}：对端已关闭，但它仍然注册着：{ms} 毫秒内 recv() 返回了 {n} 次 b&apos;&apos;，每次都紧跟在 select() 报告它可读之后。到达文件末尾的套接字永远可读，所以循环空转、占满 CPU：recv() 返回 b&apos;&apos; 时应取消注册并关闭它。</translation>
    </message>
    <message>
        <location filename="../labs/sockets/program_text.py" line="46"/>
        <source>fd {fd}: send() was given {offered} bytes, the kernel took {sent}, and the program never sent the other {left}: they are lost. Keep the unsent bytes, watch the socket for EVENT_WRITE and send them when it is writable.</source>
        <translation>fd {fd}：send() 收到 {offered} 字节，内核只接收了 {sent} 字节，程序再也没有发送剩下的 {left} 字节：它们丢失了。应保留未发送的字节，监控该套接字的 EVENT_WRITE，在它可写时再发送。</translation>
    </message>
    <message>
        <location filename="../labs/sockets/program_text.py" line="52"/>
        <source>The loop was busy for {ms} ms after {after}() while {ready} socket(s) were ready: every other connection waited. Never sleep or block inside a handler.</source>
        <translation>{after}() 之后事件循环忙了 {ms} 毫秒，而当时有 {ready} 个套接字已就绪：其他每个连接都在等待。永远不要在处理函数中睡眠或阻塞。</translation>
    </message>
    <message>
        <location filename="../labs/sockets/program_text.py" line="57"/>
        <source>The loop was busy for {ms} ms after {after}() on fd {fd} while {ready} socket(s) were ready: every other connection waited. Never sleep or block inside a handler.</source>
        <translation>fd {fd} 上的 {after}() 之后事件循环忙了 {ms} 毫秒，而当时有 {ready} 个套接字已就绪：其他每个连接都在等待。永远不要在处理函数中睡眠或阻塞。</translation>
    </message>
    <message>
        <location filename="../labs/sockets/program_text.py" line="62"/>
        <source>{call}() gave the program fd {fd}, but select.select() cannot watch a descriptor of {limit} (FD_SETSIZE) or more: its next select() fails. Use selectors.DefaultSelector, poll or epoll.</source>
        <translation>{call}() 给了程序 fd {fd}，但 select.select() 无法监控大于等于 {limit} (FD_SETSIZE) 的文件描述符：下一次 select() 会失败。请改用 selectors.DefaultSelector、poll 或 epoll。</translation>
    </message>
    <message>
        <location filename="../labs/sockets/program_text.py" line="67"/>
        <source>select.select() was asked to watch fd {fd} ({nfds} descriptors in all), but it cannot take a descriptor of {limit} (FD_SETSIZE) or more: use selectors.DefaultSelector, poll or epoll.</source>
        <translation>select.select() 被要求监控 fd {fd}（共 {nfds} 个文件描述符），但它无法处理大于等于 {limit} (FD_SETSIZE) 的文件描述符：请改用 selectors.DefaultSelector、poll 或 epoll。</translation>
    </message>
    <message>
        <location filename="../labs/sockets/program_text.py" line="79"/>
        <source>at {file}:{line}</source>
        <translation>位于 {file}:{line}</translation>
    </message>
    <message>
        <location filename="../labs/sockets/program_text.py" line="84"/>
        <source>Mistake found: {name}. {sentence} {where}</source>
        <translation>发现错误：{name}。{sentence} {where}</translation>
    </message>
    <message>
        <location filename="../labs/sockets/program_text.py" line="91"/>
        <source>kernel receive queue: {n} (arrived, not yet read)</source>
        <translation>内核接收队列：{n}（已到达，尚未读取）</translation>
    </message>
    <message>
        <location filename="../labs/sockets/program_text.py" line="92"/>
        <source>send queue: {n} (not yet acknowledged)</source>
        <translation>发送队列：{n}（尚未被确认）</translation>
    </message>
    <message>
        <location filename="../labs/sockets/program_text.py" line="104"/>
        <source>Watching: {script}</source>
        <translation>正在观察：{script}</translation>
    </message>
    <message>
        <location filename="../labs/sockets/program_text.py" line="105"/>
        <source>Watching: {script}, pid {pid}</source>
        <translation>正在观察：{script}，pid {pid}</translation>
    </message>
    <message>
        <location filename="../labs/sockets/program_text.py" line="110"/>
        <source>program: pid {pid}</source>
        <translation>程序：pid {pid}</translation>
    </message>
    <message>
        <location filename="../labs/sockets/program_text.py" line="112"/>
        <source>program: not running</source>
        <translation>程序：未运行</translation>
    </message>
    <message>
        <location filename="../labs/sockets/program_text.py" line="113"/>
        <source>program: ended ({status})</source>
        <translation>程序：已结束（{status}）</translation>
    </message>
    <message>
        <location filename="../labs/sockets/program_text.py" line="117"/>
        <source>the dispatch of a ready socket</source>
        <translation>分发一个就绪的套接字</translation>
    </message>
    <message>
        <location filename="../labs/sockets/program_text.py" line="118"/>
        <source> on fd {fd}</source>
        <translation>（fd {fd}）</translation>
    </message>
    <message>
        <location filename="../labs/sockets/program_text.py" line="119"/>
        <source>Held before {call}{on}, line {line}: Step (F10) runs it</source>
        <translation>停在 {call}{on} 之前，第 {line} 行：单步 (F10) 执行它</translation>
    </message>
    <message>
        <location filename="../labs/sockets/program_text.py" line="123"/>
        <source>Your program:</source>
        <translation>你的程序：</translation>
    </message>
    <message>
        <location filename="../labs/sockets/program_text.py" line="126"/>
        <source>listening on {host}:{port}</source>
        <translation>正在监听 {host}:{port}</translation>
    </message>
    <message>
        <location filename="../labs/sockets/program_text.py" line="130"/>
        <source>The program ended with exit status {status}: {error}</source>
        <translation>程序已结束，退出状态 {status}：{error}</translation>
    </message>
    <message>
        <location filename="../labs/sockets/program_text.py" line="131"/>
        <source>The program ended with exit status {status}.</source>
        <translation>程序已结束，退出状态 {status}。</translation>
    </message>
    <message>
        <location filename="../labs/sockets/program_text.py" line="134"/>
        <source>The program was stopped (exit status {status}).</source>
        <translation>程序已被停止（退出状态 {status}）。</translation>
    </message>
    <message>
        <location filename="../labs/sockets/program_text.py" line="138"/>
        <source>Watching ended: {why}</source>
        <translation>观察已结束：{why}</translation>
    </message>
    <message>
        <location filename="../labs/sockets/program_text.py" line="141"/>
        <source>Could not run the program: {why}</source>
        <translation>无法运行该程序：{why}</translation>
    </message>
    <message>
        <location filename="../labs/sockets/program_text.py" line="145"/>
        <source>&lt;b&gt;What you are seeing.&lt;/b&gt; Your program &lt;code&gt;{script}&lt;/code&gt; runs in its own process, unchanged; evsim watches its selectors, select/poll/epoll and sockets at the call boundary. Its listening socket sits in the centre, each connection it accepts on a ring. The &lt;i&gt;Your program&lt;/i&gt; tab shows its source with the line of its current call lit. The small bars on a node are the kernel&apos;s queues: &lt;span style=&apos;color:#4da3ff&apos;&gt;blue&lt;/span&gt; bytes arrived but not yet read by the program, &lt;span style=&apos;color:#ffa94d&apos;&gt;orange&lt;/span&gt; bytes sent but not yet acknowledged by the peer. A red dashed ring flags a known mistake: hover the node for the explanation. Step mode stops the program before each watched call.</source>
        <translation>&lt;b&gt;你看到的是什么。&lt;/b&gt;你的程序 &lt;code&gt;{script}&lt;/code&gt; 在自己的进程中运行，未做任何修改；evsim 在调用边界上观察它的选择器、select/poll/epoll 和套接字。它的监听套接字位于中央，它 accept 的每个连接排在环上。&lt;i&gt;你的程序&lt;/i&gt;标签页显示它的源代码，并高亮当前调用所在的行。节点上的小条是内核的队列：&lt;span style=&apos;color:#4da3ff&apos;&gt;蓝色&lt;/span&gt;是已到达但程序尚未读取的字节，&lt;span style=&apos;color:#ffa94d&apos;&gt;橙色&lt;/span&gt;是已发送但对端尚未确认的字节。红色虚线环标出一个已知的错误：把鼠标悬停在节点上查看解释。单步模式会在每次被观察的调用之前停住程序。</translation>
    </message>
    <message>
        <location filename="../labs/sockets/program_text.py" line="156"/>
        <location filename="../labs/sockets/program_text.py" line="171"/>
        <source>Your program</source>
        <translation>你的程序</translation>
    </message>
    <message>
        <location filename="../labs/sockets/program_text.py" line="159"/>
        <source>Your program&apos;s source; the line of its current watched call is highlighted</source>
        <translation>你的程序的源代码；当前被观察的调用所在的行已高亮</translation>
    </message>
    <message>
        <location filename="../labs/sockets/program_text.py" line="162"/>
        <source># The source of {path} cannot be shown: {why}</source>
        <translation># 无法显示 {path} 的源代码：{why}</translation>
    </message>
    <message>
        <location filename="../labs/sockets/program_text.py" line="165"/>
        <source>it is larger than {n} MiB</source>
        <translation>它大于 {n} MiB</translation>
    </message>
    <message>
        <location filename="../labs/sockets/program_text.py" line="168"/>
        <source>Stop the watched program (SIGTERM, then SIGKILL)</source>
        <translation>停止被观察的程序（先 SIGTERM，再 SIGKILL）</translation>
    </message>
</context>
<context>
    <name>Recorder</name>
    <message>
        <location filename="../recording_actions.py" line="88"/>
        <source>The server is recording every event to a file. Ctrl+R stops.</source>
        <extracomment>Tests: where File &gt; Record writes instead of asking (a path, or a callable returning a path or &quot;&quot;). Tests: what File &gt; Open recording opens instead of asking. How long the server has to confirm a recording (or send its last count after a stop), and the ticks.</extracomment>
        <translation>服务器正在把每个事件录制到文件中。按 Ctrl+R 停止。</translation>
    </message>
    <message>
        <location filename="../recording_actions.py" line="93"/>
        <source>&amp;Record</source>
        <translation>录制(&amp;R)</translation>
    </message>
    <message>
        <location filename="../recording_actions.py" line="94"/>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <location filename="../recording_actions.py" line="95"/>
        <source>Record what the sockets lab&apos;s server does to a file you can replay (Ctrl+R again stops)</source>
        <translation>把套接字实验中服务器的一举一动录制到文件，以便回放（再按 Ctrl+R 停止）</translation>
    </message>
    <message>
        <location filename="../recording_actions.py" line="129"/>
        <location filename="../recording_actions.py" line="144"/>
        <location filename="../recording_actions.py" line="180"/>
        <source>Record</source>
        <translation>录制</translation>
    </message>
    <message>
        <location filename="../recording_actions.py" line="129"/>
        <source>Start the echo server in the sockets lab first: File &gt; Record records the running server.</source>
        <translation>请先在套接字实验中启动回显服务器：“文件 &gt; 录制”录制的是正在运行的服务器。</translation>
    </message>
    <message>
        <location filename="../recording_actions.py" line="135"/>
        <source>Record to</source>
        <translation>录制到</translation>
    </message>
    <message>
        <location filename="../recording_actions.py" line="136"/>
        <source>evsim recordings (*.evrec)</source>
        <translation>evsim 录制文件 (*.evrec)</translation>
    </message>
    <message>
        <location filename="../recording_actions.py" line="144"/>
        <source>Cannot record to {path}: {why}.</source>
        <translation>无法录制到 {path}：{why}。</translation>
    </message>
    <message>
        <location filename="../recording_actions.py" line="157"/>
        <source>Recording to {path}</source>
        <translation>正在录制到 {path}</translation>
    </message>
    <message>
        <location filename="../recording_actions.py" line="180"/>
        <source>Recording to {path} stopped: {why}</source>
        <translation>录制到 {path} 已停止：{why}</translation>
    </message>
    <message>
        <location filename="../recording_actions.py" line="203"/>
        <source>the server did not answer</source>
        <translation>服务器没有应答</translation>
    </message>
    <message>
        <location filename="../recording_actions.py" line="219"/>
        <source>REC {m}:{s}</source>
        <translation>录制 {m}:{s}</translation>
    </message>
    <message>
        <location filename="../recording_actions.py" line="222"/>
        <source>{n} events</source>
        <translation>{n} 个事件</translation>
    </message>
    <message>
        <location filename="../recording_actions.py" line="224"/>
        <source>{n} dropped</source>
        <translation>丢弃 {n} 个</translation>
    </message>
    <message>
        <location filename="../recording_actions.py" line="228"/>
        <source>Recorded {n} events to {path}</source>
        <translation>已将 {n} 个事件录制到 {path}</translation>
    </message>
    <message>
        <location filename="../recording_actions.py" line="230"/>
        <source>({n} dropped: the disk did not keep up)</source>
        <translation>（丢弃了 {n} 个：磁盘跟不上）</translation>
    </message>
</context>
<context>
    <name>Recording</name>
    <message>
        <location filename="../recording_actions.py" line="244"/>
        <source>it is a folder</source>
        <translation>它是一个文件夹</translation>
    </message>
    <message>
        <location filename="../recording_actions.py" line="246"/>
        <source>the folder does not exist</source>
        <translation>文件夹不存在</translation>
    </message>
    <message>
        <location filename="../recording_actions.py" line="248"/>
        <source>permission denied</source>
        <translation>权限不足</translation>
    </message>
    <message>
        <location filename="../recording_actions.py" line="275"/>
        <location filename="../recording_actions.py" line="278"/>
        <location filename="../recording_actions.py" line="305"/>
        <source>Open recording</source>
        <translation>打开录制文件</translation>
    </message>
    <message>
        <location filename="../recording_actions.py" line="278"/>
        <source>Cannot open {file}: {why}.</source>
        <translation>无法打开 {file}：{why}。</translation>
    </message>
    <message>
        <location filename="../recording_actions.py" line="289"/>
        <source>This recording ends early: {why}</source>
        <translation>这个录制文件提前结束了：{why}</translation>
    </message>
    <message>
        <location filename="../recording_actions.py" line="291"/>
        <source>Replaying {path}</source>
        <translation>正在回放 {path}</translation>
    </message>
    <message>
        <location filename="../recording_actions.py" line="298"/>
        <source>&amp;Open recording...</source>
        <translation>打开录制文件(&amp;O)...</translation>
    </message>
    <message>
        <location filename="../recording_actions.py" line="299"/>
        <source>Ctrl+O</source>
        <translation>Ctrl+O</translation>
    </message>
    <message>
        <location filename="../recording_actions.py" line="300"/>
        <source>Replay a recording in the sockets lab, with a timeline to step back and forth</source>
        <translation>在套接字实验中回放录制文件，用时间轴前后单步</translation>
    </message>
    <message>
        <location filename="../recording_actions.py" line="306"/>
        <source>evsim recordings (*.evrec);;All files (*)</source>
        <translation>evsim 录制文件 (*.evrec);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>RecordingExport</name>
    <message>
        <location filename="../export_recording.py" line="33"/>
        <source>Export recording: choose the recording</source>
        <extracomment>Progress steps of the dialog.</extracomment>
        <translation>导出录制文件：选择录制文件</translation>
    </message>
    <message>
        <location filename="../export_recording.py" line="34"/>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../export_recording.py" line="41"/>
        <source>Export recording as a Perfetto trace</source>
        <translation>把录制文件导出为 Perfetto 跟踪</translation>
    </message>
    <message>
        <location filename="../export_recording.py" line="42"/>
        <source>Chrome trace JSON (*.json)</source>
        <translation>Chrome 跟踪 JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../export_recording.py" line="108"/>
        <source>Export &amp;recording as a Perfetto trace...</source>
        <extracomment>the last message box shown (for tests)</extracomment>
        <translation>把录制文件导出为 Perfetto 跟踪(&amp;R)...</translation>
    </message>
    <message>
        <location filename="../export_recording.py" line="109"/>
        <source>Write a recording as a Chrome trace (JSON) that ui.perfetto.dev and chrome://tracing open</source>
        <translation>把录制文件写成 Chrome 跟踪 (JSON)，可用 ui.perfetto.dev 和 chrome://tracing 打开</translation>
    </message>
    <message>
        <location filename="../export_recording.py" line="120"/>
        <source>An export is still running.</source>
        <translation>还有一个导出正在进行。</translation>
    </message>
    <message>
        <location filename="../export_recording.py" line="136"/>
        <source>Exporting {name}…</source>
        <translation>正在导出 {name}…</translation>
    </message>
    <message>
        <location filename="../export_recording.py" line="137"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../export_recording.py" line="138"/>
        <location filename="../export_recording.py" line="173"/>
        <location filename="../export_recording.py" line="180"/>
        <source>Export recording</source>
        <translation>导出录制文件</translation>
    </message>
    <message>
        <location filename="../export_recording.py" line="168"/>
        <source>Exported {n} events to {path}: open it in ui.perfetto.dev</source>
        <translation>已将 {n} 个事件导出到 {path}：请在 ui.perfetto.dev 中打开</translation>
    </message>
    <message>
        <location filename="../export_recording.py" line="171"/>
        <source>The recording ends early: {problem}. The trace holds what comes before.</source>
        <translation>录制文件提前结束：{problem}。跟踪中包含此前的内容。</translation>
    </message>
    <message>
        <location filename="../export_recording.py" line="185"/>
        <source>Export cancelled.</source>
        <translation>导出已取消。</translation>
    </message>
</context>
<context>
    <name>ReplayView</name>
    <message>
        <location filename="../labs/sockets/replay_view.py" line="36"/>
        <source>any event</source>
        <extracomment>Events before a seek&apos;s tail looked at for the code pane&apos;s line. The kinds the &quot;Jump to&quot; list offers, in this order (the echo server&apos;s, then the watch&apos;s select).</extracomment>
        <translation>任意事件</translation>
    </message>
    <message>
        <location filename="../labs/sockets/replay_view.py" line="40"/>
        <source>select() returned</source>
        <translation>select() 已返回</translation>
    </message>
    <message>
        <location filename="../labs/sockets/replay_view.py" line="62"/>
        <source>Back to live</source>
        <translation>回到实时</translation>
    </message>
    <message>
        <location filename="../labs/sockets/replay_view.py" line="63"/>
        <source>Close the recording; the server controls work again</source>
        <translation>关闭录制文件；服务器控件恢复可用</translation>
    </message>
    <message>
        <location filename="../labs/sockets/replay_view.py" line="87"/>
        <source>Replaying {file}: {n} events over {s} s. The server controls are off until you go back to live.</source>
        <translation>正在回放 {file}：{s} 秒内的 {n} 个事件。回到实时之前，服务器控件不可用。</translation>
    </message>
    <message>
        <location filename="../labs/sockets/replay_view.py" line="152"/>
        <source>{t} s of {total} s · event {i} / {n}</source>
        <translation>{t} 秒 / {total} 秒 · 事件 {i} / {n}</translation>
    </message>
    <message>
        <location filename="../labs/sockets/replay_view.py" line="157"/>
        <source>Preparing the recording for seeking: {p} %</source>
        <translation>正在为跳转准备录制文件：{p} %</translation>
    </message>
    <message>
        <location filename="../labs/sockets/replay_view.py" line="161"/>
        <source>The recording cannot be replayed past here: {why}</source>
        <translation>录制文件无法回放到此处之后：{why}</translation>
    </message>
    <message>
        <location filename="../labs/sockets/replay_view.py" line="165"/>
        <source>No later event of that kind and fd.</source>
        <translation>之后没有该类型和 fd 的事件。</translation>
    </message>
    <message>
        <location filename="../labs/sockets/replay_view.py" line="166"/>
        <source>No earlier event of that kind and fd.</source>
        <translation>之前没有该类型和 fd 的事件。</translation>
    </message>
</context>
<context>
    <name>ServerBox</name>
    <message>
        <location filename="../labs/sockets/controls.py" line="33"/>
        <source>Echo server</source>
        <extracomment>Slow-motion slider: milliseconds of delay before each watched call.</extracomment>
        <translation>回显服务器</translation>
    </message>
    <message>
        <location filename="../labs/sockets/controls.py" line="35"/>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <location filename="../labs/sockets/controls.py" line="38"/>
        <source>Address to listen on. 127.0.0.1 (the default) is reachable only from this machine; any other address exposes the server to your network.</source>
        <translation>监听的地址。127.0.0.1（默认）只能从本机访问；其他任何地址都会把服务器暴露在你的网络中。</translation>
    </message>
    <message>
        <location filename="../labs/sockets/controls.py" line="41"/>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location filename="../labs/sockets/controls.py" line="44"/>
        <source>any</source>
        <translation>任意</translation>
    </message>
    <message>
        <location filename="../labs/sockets/controls.py" line="46"/>
        <source>TCP port; &apos;any&apos; (0) lets the system pick a free one. Connect with: nc 127.0.0.1 PORT, or evsim client --port PORT</source>
        <translation>TCP 端口；“任意”(0) 由系统挑选一个空闲端口。连接方法：nc 127.0.0.1 PORT，或 evsim client --port PORT</translation>
    </message>
    <message>
        <location filename="../labs/sockets/controls.py" line="50"/>
        <source>selectors (callbacks)</source>
        <translation>selectors（回调）</translation>
    </message>
    <message>
        <location filename="../labs/sockets/controls.py" line="51"/>
        <source>classic select.select()</source>
        <translation>经典 select.select()</translation>
    </message>
    <message>
        <location filename="../labs/sockets/controls.py" line="53"/>
        <source>selectors: register each socket with a selector and dispatch the ready keys.
classic: the textbook select.select(inputs, outputs, exceptional) loop over plain lists.</source>
        <translation>selectors：把每个套接字注册到选择器上，然后分发就绪的 key。
经典：教科书式的 select.select(inputs, outputs, exceptional) 循环，使用普通列表。</translation>
    </message>
    <message>
        <location filename="../labs/sockets/controls.py" line="60"/>
        <source>The selector the server waits with: default (epoll on Linux), select (refuses fds &gt;= 1024), poll or epoll</source>
        <translation>服务器用来等待的选择器：default（Linux 上为 epoll）、select（拒绝 &gt;= 1024 的 fd）、poll 或 epoll</translation>
    </message>
    <message>
        <location filename="../labs/sockets/controls.py" line="63"/>
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <location filename="../labs/sockets/controls.py" line="64"/>
        <source>Start the echo server, in a process of its own, with these settings</source>
        <translation>用这些设置在独立的进程中启动回显服务器</translation>
    </message>
    <message>
        <location filename="../labs/sockets/controls.py" line="66"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../labs/sockets/controls.py" line="67"/>
        <source>Stop the server: every connection is closed</source>
        <translation>停止服务器：每个连接都会被关闭</translation>
    </message>
</context>
<context>
    <name>SocketMap</name>
    <message>
        <location filename="../labs/sockets/map_ring.py" line="286"/>
        <source>fd {fd} · :{port}</source>
        <extracomment>Qt&apos;s translate() under the name lupdate looks for; the strings belong to the map&apos;s context. At most this many pulse rings and flying byte packets are animated per frame on the rings. At most this many packets fly along one edge in one direction (the newest). How many times the backdrop was drawn (a test checks that a steady map does not redraw it).</extracomment>
        <translation>fd {fd} · :{port}</translation>
    </message>
    <message>
        <location filename="../labs/sockets/map_chrome.py" line="61"/>
        <source>server stopped</source>
        <extracomment>Qt&apos;s translate() under the name lupdate looks for; the strings belong to the map&apos;s context.</extracomment>
        <translation>服务器已停止</translation>
    </message>
    <message>
        <location filename="../labs/sockets/map_chrome.py" line="62"/>
        <source>no server</source>
        <translation>没有服务器</translation>
    </message>
    <message>
        <location filename="../labs/sockets/map_chrome.py" line="82"/>
        <source>listen
fd {fd}</source>
        <translation>监听
fd {fd}</translation>
    </message>
    <message>
        <location filename="../labs/sockets/map_chrome.py" line="88"/>
        <location filename="../labs/sockets/map_chrome.py" line="109"/>
        <source>(accept paused: {why})</source>
        <translation>（accept 已暂停：{why}）</translation>
    </message>
    <message>
        <location filename="../labs/sockets/map_chrome.py" line="106"/>
        <source>{host}:{port} · {style} · {backend}</source>
        <translation>{host}:{port} · {style} · {backend}</translation>
    </message>
    <message>
        <location filename="../labs/sockets/map_chrome.py" line="115"/>
        <source>open {open}   accepted {acc}   closed {closed}   reset {reset}   refused {ref}</source>
        <translation>打开 {open}   已接受 {acc}   已关闭 {closed}   重置 {reset}   拒绝 {ref}</translation>
    </message>
    <message>
        <location filename="../labs/sockets/map_chrome.py" line="168"/>
        <source>open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../labs/sockets/map_chrome.py" line="169"/>
        <source>reading paused</source>
        <translation>暂停读取</translation>
    </message>
    <message>
        <location filename="../labs/sockets/map_chrome.py" line="170"/>
        <source>half-closed by peer</source>
        <translation>对端半关闭</translation>
    </message>
    <message>
        <location filename="../labs/sockets/map_chrome.py" line="171"/>
        <source>reset / broken pipe</source>
        <translation>重置 / 管道断开</translation>
    </message>
    <message>
        <location filename="../labs/sockets/map_chrome.py" line="172"/>
        <source>refused (limit, cap)</source>
        <translation>拒绝（限制、上限）</translation>
    </message>
    <message>
        <location filename="../labs/sockets/map_chrome.py" line="173"/>
        <source>closed, fading</source>
        <translation>已关闭，渐隐</translation>
    </message>
    <message>
        <location filename="../labs/sockets/map_chrome.py" line="174"/>
        <source>READ ready / bytes in</source>
        <translation>READ 就绪 / 收到字节</translation>
    </message>
    <message>
        <location filename="../labs/sockets/map_chrome.py" line="175"/>
        <source>WRITE ready / bytes out</source>
        <translation>WRITE 就绪 / 发出字节</translation>
    </message>
    <message>
        <location filename="../labs/sockets/socket_map.py" line="132"/>
        <source>fds from {fd} up are not drawn: the map is too small</source>
        <extracomment>A node was clicked: its fd (the panel may filter the log on it). The fd under the mouse, and the fd the user selected (click, or :meth:`select_fd`); None: none. The server&apos;s latest ServerCounters (its exact totals), or None: the header&apos;s counts are never below them. What the last paint drew: {&quot;nodes&quot;, &quot;layout&quot; (&quot;ring&quot;/&quot;grid&quot;), &quot;detailed&quot;, &quot;pulses&quot;, &quot;flights&quot;}. Texts drawn every frame, prepared once per string in each font (map_sprites.py).</extracomment>
        <translation>fd {fd} 及以上的套接字没有画出：图太小了</translation>
    </message>
    <message>
        <location filename="../labs/sockets/socket_map.py" line="133"/>
        <source>{n} sockets, one cell per fd; each row starts at the fd on its left; hover a cell</source>
        <translation>{n} 个套接字，每个 fd 一格；每行从左侧标注的 fd 开始；把鼠标悬停在格子上查看详情</translation>
    </message>
    <message>
        <location filename="../labs/sockets/socket_map.py" line="136"/>
        <source>ready now: READ {r} · WRITE {w}   paused {paused}   half-closed {half}</source>
        <translation>此刻就绪：可读 {r} · 可写 {w}   暂停读取 {paused}   半关闭 {half}</translation>
    </message>
    <message>
        <location filename="../labs/sockets/socket_map.py" line="238"/>
        <source>&lt;b&gt;fd {fd}&lt;/b&gt; · {peer}&lt;br&gt;state: {state}&lt;br&gt;bytes in: {bin} · out: {bout}&lt;br&gt;buffered: {buf}&lt;br&gt;events: {ev}</source>
        <translation>&lt;b&gt;fd {fd}&lt;/b&gt; · {peer}&lt;br&gt;状态：{state}&lt;br&gt;收到字节：{bin} · 发出：{bout}&lt;br&gt;缓冲：{buf}&lt;br&gt;事件：{ev}</translation>
    </message>
</context>
<context>
    <name>SocketsPanelLayout</name>
    <message>
        <location filename="../labs/sockets/layout.py" line="87"/>
        <source>Event log</source>
        <translation>事件日志</translation>
    </message>
    <message>
        <location filename="../labs/sockets/layout.py" line="88"/>
        <source>Server loop</source>
        <translation>服务器循环</translation>
    </message>
    <message>
        <location filename="../labs/sockets/layout.py" line="89"/>
        <source>Clients</source>
        <translation>客户端</translation>
    </message>
    <message>
        <location filename="../labs/sockets/layout.py" line="90"/>
        <source>Every event the server reported, newest at the bottom</source>
        <translation>服务器报告的每个事件，最新的在最下面</translation>
    </message>
    <message>
        <location filename="../labs/sockets/layout.py" line="91"/>
        <source>The server loop&apos;s source; the line it is executing is highlighted</source>
        <translation>服务器循环的源代码；正在执行的那一行高亮显示</translation>
    </message>
    <message>
        <location filename="../labs/sockets/layout.py" line="92"/>
        <source>Built-in clients: type messages, run a load, or misbehave</source>
        <translation>内置客户端：输入消息、运行负载或制造异常</translation>
    </message>
</context>
<context>
    <name>SocketsPlots</name>
    <message>
        <location filename="../labs/sockets/plots.py" line="74"/>
        <source>Measured every {ms} ms over the last {s} s. &quot;not shown/s&quot;: events the window did not get because it could not keep up (the server dropped them, counted them in the stream, and never drops data)</source>
        <extracomment>(sample attribute(s), colour(s)) per chart, left to right.</extracomment>
        <translation>在最近 {s} 秒内每 {ms} 毫秒测量一次。“未显示/秒”：窗口因跟不上而没有收到的事件（服务器丢弃了它们并在事件流中计数，从不丢弃数据）</translation>
    </message>
    <message>
        <location filename="../labs/sockets/plots.py" line="115"/>
        <source>events/s {v}</source>
        <translation>事件/秒 {v}</translation>
    </message>
    <message>
        <location filename="../labs/sockets/plots.py" line="116"/>
        <source>bytes/s in {i} out {o}</source>
        <translation>字节/秒 收 {i} 发 {o}</translation>
    </message>
    <message>
        <location filename="../labs/sockets/plots.py" line="117"/>
        <source>open {v}</source>
        <translation>打开 {v}</translation>
    </message>
    <message>
        <location filename="../labs/sockets/plots.py" line="117"/>
        <source>n/a</source>
        <translation>无数据</translation>
    </message>
    <message>
        <location filename="../labs/sockets/plots.py" line="118"/>
        <source>events not shown/s · {v} total</source>
        <translation>未显示的事件/秒 · 共 {v}</translation>
    </message>
</context>
<context>
    <name>SteppingMixin</name>
    <message>
        <location filename="../labs/sockets/stepping.py" line="73"/>
        <source>Step mode: the loop stops before each call it makes. Step (F10) runs one call, Next iteration (Shift+F10) runs to the next select(), Continue (F5) runs freely.</source>
        <extracomment>While the loop runs freely, the code pane follows it at most this often (a line that changes at every frame is read by nobody, and moving it relays and repaints the pane); a held loop is shown at once.</extracomment>
        <translation>单步模式：循环在每次调用之前停下。单步 (F10) 执行一次调用，下一轮循环 (Shift+F10) 运行到下一次 select()，继续 (F5) 全速运行。</translation>
    </message>
    <message>
        <location filename="../labs/sockets/stepping.py" line="95"/>
        <source>line {n}: waiting in select() until a socket is ready</source>
        <translation>第 {n} 行：在 select() 中等待，直到有套接字就绪</translation>
    </message>
</context>
<context>
    <name>TimelineBar</name>
    <message>
        <location filename="../widgets/timeline_bar.py" line="141"/>
        <source>Press or drag to move through the recording. The bars show how many events happened when; the shaded part is what has been replayed.</source>
        <extracomment>Replay speeds offered (recorded time per real time). What one step moves by. Where a truncated recording was cut (a red mark at the end), or None. (direction -1/+1, STEP_EVENT or STEP_ITERATION) direction -1/+1: the previous/next event matching :meth:`jump_filter` the first (0) or the last (1) event</extracomment>
        <translation>按下或拖动以在录制中移动。竖条表示各时刻发生了多少事件；阴影部分是已回放的部分。</translation>
    </message>
    <message>
        <location filename="../widgets/timeline_bar.py" line="165"/>
        <source>Back one loop iteration: to the previous select() (Ctrl+Left)</source>
        <translation>后退一轮循环：到上一次 select() (Ctrl+Left)</translation>
    </message>
    <message>
        <location filename="../widgets/timeline_bar.py" line="168"/>
        <source>Back one event (Left)</source>
        <translation>后退一个事件 (Left)</translation>
    </message>
    <message>
        <location filename="../widgets/timeline_bar.py" line="170"/>
        <location filename="../widgets/timeline_bar.py" line="268"/>
        <source>Play (Space)</source>
        <translation>播放 (Space)</translation>
    </message>
    <message>
        <location filename="../widgets/timeline_bar.py" line="171"/>
        <source>Forward one event (Right)</source>
        <translation>前进一个事件 (Right)</translation>
    </message>
    <message>
        <location filename="../widgets/timeline_bar.py" line="173"/>
        <source>Forward one loop iteration: to the next select() (Ctrl+Right)</source>
        <translation>前进一轮循环：到下一次 select() (Ctrl+Right)</translation>
    </message>
    <message>
        <location filename="../widgets/timeline_bar.py" line="178"/>
        <source>{s}x</source>
        <translation>{s}x</translation>
    </message>
    <message>
        <location filename="../widgets/timeline_bar.py" line="180"/>
        <source>Replay speed: recorded time per real time</source>
        <translation>回放速度：每单位真实时间回放的录制时间</translation>
    </message>
    <message>
        <location filename="../widgets/timeline_bar.py" line="190"/>
        <source>Jump to</source>
        <translation>跳转到</translation>
    </message>
    <message>
        <location filename="../widgets/timeline_bar.py" line="192"/>
        <source>The kind of event the jump buttons look for</source>
        <translation>跳转按钮查找的事件类型</translation>
    </message>
    <message>
        <location filename="../widgets/timeline_bar.py" line="197"/>
        <source>any fd</source>
        <translation>任意 fd</translation>
    </message>
    <message>
        <location filename="../widgets/timeline_bar.py" line="199"/>
        <source>fd </source>
        <translation>fd </translation>
    </message>
    <message>
        <location filename="../widgets/timeline_bar.py" line="200"/>
        <source>Only events of this file descriptor (&apos;any fd&apos;: every one)</source>
        <translation>只看这个文件描述符的事件（“任意 fd”：全部）</translation>
    </message>
    <message>
        <location filename="../widgets/timeline_bar.py" line="204"/>
        <source>The previous event of this kind and fd (Shift+Left)</source>
        <translation>该类型和 fd 的上一个事件 (Shift+Left)</translation>
    </message>
    <message>
        <location filename="../widgets/timeline_bar.py" line="209"/>
        <source>The next event of this kind and fd (Shift+Right)</source>
        <translation>该类型和 fd 的下一个事件 (Shift+Right)</translation>
    </message>
    <message>
        <location filename="../widgets/timeline_bar.py" line="216"/>
        <source>Time since the recording started, and the event shown out of all the events recorded (Home: first, End: last)</source>
        <translation>自录制开始以来的时间，以及当前显示的事件在全部录制事件中的序号（Home：第一个，End：最后一个）</translation>
    </message>
    <message>
        <location filename="../widgets/timeline_bar.py" line="220"/>
        <source>any event</source>
        <translation>任意事件</translation>
    </message>
    <message>
        <location filename="../widgets/timeline_bar.py" line="268"/>
        <source>Pause (Space)</source>
        <translation>暂停 (Space)</translation>
    </message>
</context>
<context>
    <name>TraceExportButton</name>
    <message>
        <location filename="../labs/iomodels/trace_export.py" line="24"/>
        <source>Export the runs as a Perfetto trace</source>
        <translation>把运行结果导出为 Perfetto 跟踪</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/trace_export.py" line="25"/>
        <source>Chrome trace JSON (*.json)</source>
        <translation>Chrome 跟踪 JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/trace_export.py" line="34"/>
        <source>Export trace…</source>
        <translation>导出跟踪…</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/trace_export.py" line="37"/>
        <source>Save the runs as a Chrome trace (JSON) to open in ui.perfetto.dev: per model the wait and copy phases, the process&apos;s thread, its other work and every system call</source>
        <extracomment>the last failed write&apos;s message box</extracomment>
        <translation>把运行结果保存为 Chrome 跟踪 (JSON)，可在 ui.perfetto.dev 中打开：每个模型的等待和拷贝阶段、进程的线程、它的其他工作以及每个系统调用</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/trace_export.py" line="50"/>
        <source>No run to export yet: wait for a model to finish.</source>
        <translation>还没有可导出的运行结果：请等待某个模型运行完成。</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/trace_export.py" line="62"/>
        <source>Could not write {path}: {reason}</source>
        <translation>无法写入 {path}：{reason}</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/trace_export.py" line="64"/>
        <source>Export trace</source>
        <translation>导出跟踪</translation>
    </message>
    <message>
        <location filename="../labs/iomodels/trace_export.py" line="66"/>
        <source>Exported {n} runs to {path}: open it in ui.perfetto.dev</source>
        <translation>已将 {n} 次运行导出到 {path}：请在 ui.perfetto.dev 中打开</translation>
    </message>
</context>
</TS>

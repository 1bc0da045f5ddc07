"""The clicks lab: why a UI queues its input instead of scanning for it.

The same clicks (from the pad, or the auto-clicker) go to two designs; in the lab and ``evsim clicks`` each runs
in a process of its own (:class:`~evsim.core.clicks.rig.ClicksRig`, :mod:`~evsim.core.clicks.child`), with
the registers in shared memory and the queue a pipe (:mod:`~evsim.core.clicks.hardware`):

* :class:`~evsim.core.clicks.polling.PollingThread` scans a latched register per device in a loop and runs
  handlers inline: it burns CPU while nothing happens and loses clicks while its handler runs;
* :class:`~evsim.core.clicks.eventloop.EventLoop` puts each click into a :class:`MessageQueue` and a loop
  thread dispatches it to the handler it carries: idle costs nothing, no click is lost, a slow handler shows
  up as queue wait (or not at all, with ``offload``).

Both report frozen events (:mod:`evsim.core.clicks.events`); :class:`ClickStats` turns them into figures and
:func:`run_scenario` runs either design headless.
"""

from evsim.core.clicks.device import KINDS, MAX_DEVICES, Click, DeviceBank, Miss, device_for
from evsim.core.clicks.eventloop import EventLoop, Message, MessageQueue
from evsim.core.clicks.handlers import BlockingWork, make_handlers
from evsim.core.clicks.inputs import AutoClicker, ClickSource
from evsim.core.clicks.polling import PollingThread
from evsim.core.clicks.rig import ClicksRig
from evsim.core.clicks.scenario import MODES, run_scenario
from evsim.core.clicks.stats import ClickStats

__all__ = [
    "KINDS", "MAX_DEVICES", "Click", "DeviceBank", "Miss", "device_for", "EventLoop", "Message", "MessageQueue",
    "BlockingWork", "make_handlers", "AutoClicker", "ClickSource", "PollingThread", "MODES", "run_scenario",
    "ClickStats", "ClicksRig",
]

"""The normalized device model: typed, vendor-neutral facts that the checks read.

Conventions every normalizer follows:

* A fact group that was not collected, or whose output could not be parsed, is ``None``.
  An empty list means "collected, and there is nothing" (no alarms, no APs).
* Every item keeps ``evidence``: the output line(s) it was read from, for the report.
* ``Device.sources`` maps a fact group name (``"cpu"``, ``"fans"``, ...) to the command it came from.
* Percentages are floats 0-100; sizes are kilobytes; durations are seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class Identity:
    hostname: str | None = None
    vendor: str | None = None  # huawei | h3c | cisco | other
    os: str | None = None  # huawei_vrp | huawei_vrp8 | h3c_comware | cisco_ios | cisco_iosxe
    os_version: str | None = None  # platform version: VRP "5.170", Comware "7.1.070", IOS "15.2(7)E4"
    role: str | None = None  # switch | router | firewall | wlan_controller | other
    model: str | None = None
    serial: str | None = None
    version: str | None = None  # the vendor's product version, e.g. V200R019C10SPC500, 7.1.070 Release 6728P22
    patch: str | None = None  # hot patch, e.g. V200R019SPH029
    uptime_seconds: int | None = None
    evidence: list[str] = field(default_factory=list)
    # What the inventory (or the log's declared platform) said where the device printed otherwise:
    # field -> declared value. The facts above are always what the device printed.
    declared: dict[str, str] = field(default_factory=dict)


@dataclass
class CpuReading:
    slot: str  # slot / member / "0" for a box device
    percent: float  # 5-minute average where the device gives one, else the current value
    interval: str = "5min"  # 5min | 1min | 5s | current
    evidence: str = ""


@dataclass
class MemoryReading:
    slot: str
    percent: float
    total_kb: int | None = None
    used_kb: int | None = None
    evidence: str = ""


@dataclass
class Fan:
    slot: str
    name: str
    state: str  # as the device printed it
    normal: bool | None  # None: state not understood
    speed_percent: float | None = None
    evidence: str = ""


@dataclass
class PowerSupply:
    slot: str
    name: str
    state: str
    normal: bool | None
    present: bool = True  # an empty slot is reported, not failed
    evidence: str = ""


@dataclass
class TemperatureSensor:
    slot: str
    name: str
    celsius: float | None
    warning_limit: float | None = None  # "upper" / minor threshold
    alarm_limit: float | None = None  # "shutdown" / major / critical threshold
    state: str | None = None
    normal: bool | None = None
    evidence: str = ""


@dataclass
class Board:
    slot: str
    type: str | None
    state: str
    normal: bool | None
    role: str | None = None  # master / slave / standby / ...
    serial: str | None = None
    evidence: str = ""


@dataclass
class Interface:
    name: str
    link: str | None = None  # up | down | admin_down | err_disabled | ...
    protocol: str | None = None
    duplex: str | None = None  # full | half | auto | None
    speed: str | None = None
    description: str | None = None
    crc_errors: int | None = None
    input_errors: int | None = None
    output_errors: int | None = None
    err_disabled: bool = False
    evidence: list[str] = field(default_factory=list)


@dataclass
class LogEntry:
    text: str  # the whole line(s) as printed
    severity: int | None  # 0 emergency .. 7 debug; None when the line carries none
    timestamp: str | None = None
    module: str | None = None
    mnemonic: str | None = None


@dataclass
class Alarm:
    text: str
    level: str  # critical | major | minor | warning | indeterminate | cleared ... (lower case)
    alarm_id: str | None = None
    raised: str | None = None
    evidence: str = ""


@dataclass
class NtpState:
    synchronized: bool
    stratum: int | None = None
    reference: str | None = None
    evidence: list[str] = field(default_factory=list)


@dataclass
class StackMember:
    member_id: str
    role: str | None
    state: str
    normal: bool | None
    evidence: str = ""


@dataclass
class Stack:
    kind: str  # irf | stack | css | istack | switch_stack
    members: list[StackMember] = field(default_factory=list)
    expected_members: int | None = None
    split: bool = False
    evidence: list[str] = field(default_factory=list)


@dataclass
class ConfigState:
    saved: bool | None  # True: running == saved; None: cannot tell
    detail: str | None = None
    evidence: list[str] = field(default_factory=list)


@dataclass
class Storage:
    name: str  # flash:, cfcard:, bootflash:, slot1#flash: ...
    total_kb: int
    free_kb: int
    evidence: str = ""

    @property
    def used_percent(self) -> float:
        return 0.0 if self.total_kb <= 0 else 100.0 * (self.total_kb - self.free_kb) / self.total_kb


@dataclass
class License:
    name: str
    state: str
    expires: date | None = None  # None: permanent or unknown, see `permanent`
    permanent: bool = False
    evidence: str = ""


@dataclass
class AccessPoint:
    name: str
    state: str  # as printed: normal, fault, idle, standby, download, commit_failed, offline ...
    normal: bool | None
    model: str | None = None
    ip: str | None = None
    ap_id: str | None = None
    evidence: str = ""


@dataclass
class HaState:
    role: str | None  # active | standby | master | slave | ...
    state: str
    normal: bool | None
    peer_state: str | None = None
    evidence: list[str] = field(default_factory=list)


@dataclass
class SessionUsage:
    current: int
    maximum: int | None
    evidence: list[str] = field(default_factory=list)

    @property
    def percent(self) -> float | None:
        if not self.maximum:
            return None
        return 100.0 * self.current / self.maximum


# --- firewall depth (issue 17, item 4): signature databases, security policy, IPsec tunnels ---
@dataclass
class SignatureDb:
    """One security signature database on a firewall (IPS, antivirus, URL category, application)."""

    kind: str  # ips | av | url | app | ... (data/checks/firewall.yaml names them)
    version: str | None
    released: date | None = None  # when the vendor issued this version (the age is counted from it)
    updated: date | None = None  # when the device loaded it
    evidence: list[str] = field(default_factory=list)


@dataclass
class SecurityRule:
    """One rule of the security policy as configured (names, zones and addresses as written)."""

    name: str
    action: str | None  # permit | deny | ... as written
    sources: list[str] = field(default_factory=list)  # source addresses/objects; [] : any
    destinations: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    enabled: bool = True
    evidence: list[str] = field(default_factory=list)


@dataclass
class VpnTunnel:
    """An IPsec peer or policy as configured, with the state of its IKE/IPsec SAs where printed."""

    name: str  # the policy (name + sequence) or the peer address
    peer: str | None
    up: bool | None  # True: an IPsec SA is established; False: configured, no SA; None: unknown
    evidence: list[str] = field(default_factory=list)


@dataclass
class Route:
    """One route of the routing table (one line per next hop)."""

    prefix: str  # 10.1.0.0/16
    protocol: str  # direct | static | ospf | isis | bgp | rip | other (lower case, vendor words mapped)
    nexthop: str | None = None
    interface: str | None = None
    evidence: str = ""


@dataclass
class Neighbor:
    """An LLDP or CDP neighbour seen on a local interface."""

    local_interface: str
    device: str
    port: str | None = None
    protocol: str = "lldp"  # lldp | cdp
    evidence: str = ""


@dataclass
class RoutingPeer:
    """An OSPF / IS-IS neighbour or a BGP peer and its state."""

    protocol: str  # ospf | isis | bgp
    peer: str  # router id / system id / peer address
    state: str  # as printed (Full, Established, Idle, Up ...)
    up: bool | None  # Full/Established/Up; None when the word is not understood
    interface: str | None = None
    remote_as: str | None = None
    evidence: str = ""
    prefixes_received: int | None = None  # BGP: routes received from the peer, where the output gives them
    up_seconds: int | None = None  # how long the session has been in its state, where the device prints it


@dataclass
class RedundancyGroup:
    """A VRRP or HSRP group on an interface and this device's state in it."""

    protocol: str  # vrrp | hsrp
    interface: str
    group: str
    state: str  # master | backup | active | standby | init | listen ... (lower case)
    virtual_ip: str | None = None
    evidence: str = ""


@dataclass
class StpPort:
    instance: str  # MSTI / VLAN id ("0" for CIST)
    port: str
    role: str  # root | designated | alternate | backup | master | disabled (lower case)
    state: str | None = None  # forwarding | discarding | blocking ...
    evidence: str = ""


@dataclass
class StpRoot:
    """The root bridge one spanning-tree instance (MSTI / VLAN) elected, and the port towards it."""

    instance: str  # "0" for CIST, the VLAN id for PVST
    bridge: str  # priority.mac as printed, lower case ("4106.00aa.bbcc.0001", "32768.000f-e200-2200")
    root_port: str | None = None  # None: this bridge is the root, or the output does not say
    evidence: str = ""


@dataclass
class OpticMetric:
    """One digital-diagnostic reading of a transceiver (one value per lane) and the thresholds the module
    printed for it (None where it printed none)."""

    values: list[float] = field(default_factory=list)
    high_alarm: float | None = None
    low_alarm: float | None = None
    high_warn: float | None = None
    low_warn: float | None = None


@dataclass
class Transceiver:
    """An optical module in a port: what it is and its diagnostics (temperature °C, voltage V, bias mA,
    rx_power / tx_power dBm)."""

    interface: str
    type: str | None = None
    vendor: str | None = None
    part_number: str | None = None
    serial: str | None = None
    certified: bool | None = None  # False: the device says it is not the vendor's own (non-certified)
    metrics: dict[str, OpticMetric] = field(default_factory=dict)  # temperature | voltage | bias | rx_power | tx_power
    alarms: list[str] = field(default_factory=list)  # alarm / warning lines the device printed for it
    evidence: list[str] = field(default_factory=list)


@dataclass
class StpInstance:
    """One spanning-tree instance (PVST VLAN or MST instance) as this device sees it."""

    instance: str  # VLAN0100 / MST0
    root_priority: int | None  # the root bridge's priority (with the system id, as in the BPDU)
    root_address: str | None
    is_root: bool
    topology_changes: int | None = None
    last_change_seconds: int | None = None
    evidence: list[str] = field(default_factory=list)


@dataclass
class TableUsage:
    """A forwarding table's size against the capacity the device prints (MAC, ARP, routes)."""

    table: str  # mac | arp | route
    used: int
    capacity: int | None  # None: the device printed no capacity
    evidence: str = ""


@dataclass
class Radio:
    """One radio of an access point as the controller prints it (Cisco 9800 show ap dot11 5ghz/24ghz summary)."""

    ap: str
    band: str  # 2.4GHz | 5GHz
    slot: str
    admin: str  # as printed: Enabled / Disabled
    oper: str  # as printed: Up / Down
    up: bool | None  # oper state understood: True up, False down
    channel: str | None = None  # as printed, e.g. "36" or "(36)*" -> "36"
    tx_power_dbm: float | None = None
    tx_level: str | None = None  # e.g. "7/8"
    width_mhz: int | None = None
    evidence: str = ""


@dataclass
class AaaServer:
    """A RADIUS / HWTACACS / TACACS+ server the device uses and the state it reports for it."""

    protocol: str  # radius | tacacs | hwtacacs
    host: str
    state: str  # as printed (UP, DEAD, Active, Block ...)
    alive: bool | None  # False: dead / blocked; None: the state word is not understood
    role: str | None = None  # primary | secondary | auth | acct ... where printed
    evidence: str = ""


@dataclass
class Device:
    """All that is known about one device after parsing and normalizing."""

    name: str
    identity: Identity = field(default_factory=Identity)
    cpu: list[CpuReading] | None = None
    memory: list[MemoryReading] | None = None
    fans: list[Fan] | None = None
    power: list[PowerSupply] | None = None
    temperatures: list[TemperatureSensor] | None = None
    boards: list[Board] | None = None
    interfaces: list[Interface] | None = None
    logs: list[LogEntry] | None = None
    alarms: list[Alarm] | None = None
    ntp: NtpState | None = None
    stack: Stack | None = None  # None also when the device is not stacked: see `stack_configured`
    stack_configured: bool | None = None  # False: collected, and the device is standalone
    config: ConfigState | None = None
    running_config: str | None = None
    saved_config: str | None = None
    storage: list[Storage] | None = None
    licenses: list[License] | None = None
    access_points: list[AccessPoint] | None = None
    ha: HaState | None = None
    ha_configured: bool | None = None
    sessions: SessionUsage | None = None
    signatures: list[SignatureDb] | None = None  # [] : collected, no signature database printed
    security_rules: list[SecurityRule] | None = None  # [] : a security policy section with no rule
    vpn_tunnels: list[VpnTunnel] | None = None  # [] : collected, no IPsec configured
    ipsec_sa_peers: list[str] | None = None  # remote addresses of the IPsec SAs the device printed
    optics: list[Transceiver] | None = None  # [] : collected, no optical module with diagnostics
    aaa_servers: list[AaaServer] | None = None  # [] : collected, no server configured
    ap_clients: dict[str, int] | None = None  # wireless clients per AP name; {} : collected, no client
    radios: list[Radio] | None = None  # [] : collected, no radio listed
    stp: list[StpInstance] | None = None  # [] : collected, spanning tree not running
    tables: list[TableUsage] | None = None  # forwarding tables with the capacity the device printed
    # state snapshot (data/snapshot.yaml commands; compared by `netinspect diff`)
    routes: list[Route] | None = None
    arp_entries: int | None = None
    mac_entries: int | None = None
    mac_ports: dict[str, int] | None = None  # MAC addresses learnt per port (from the same table)
    neighbors: list[Neighbor] | None = None
    peers: list[RoutingPeer] | None = None
    redundancy: list[RedundancyGroup] | None = None
    stp_ports: list[StpPort] | None = None
    stp_roots: list[StpRoot] | None = None
    collection: str = "ok"  # how the outputs were gathered: ok | partial | unreachable | auth_failed | timeout | error
    collection_message: str | None = None
    sources: dict[str, str] = field(default_factory=dict)  # fact group -> command it came from
    notes: dict[str, str] = field(default_factory=dict)  # fact group -> why it is missing

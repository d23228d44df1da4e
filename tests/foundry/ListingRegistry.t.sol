// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {ListingRegistry} from "../../contracts/ListingRegistry.sol";
import {IListingRegistry} from "../../interfaces/IListingRegistry.sol";
import {Handler} from "./Base.sol";
import {CheatCodes} from "./Vm.sol";

/**
 * @dev Drives a registry over three tokens with random daily figures (passing, failing the normal
 * rule, failing normal and emergency, failing everything), gaps in the figures, duties (inquiries
 * answered or missed), missed periodic disclosures, committee actions, the procedure timeline,
 * re-listing votes and time jumps. It holds every role; each token's team is a fixed address.
 * It keeps each token's submitted days (gap days count as failing everything) to recount the streaks.
 */
contract RegistryHandler is Handler {
    uint8 internal constant BREACH = 0x80; // a compliance breach: resets the compliant streak only
    ListingRegistry public registry;
    address[3] public tokens = [address(0x70C1), address(0x70C2), address(0x70C3)];
    address public constant TEAM = address(0x7EA3);

    mapping(address token => uint8[]) internal _days;
    mapping(address token => IListingRegistry.Status) public ghostStatus;
    /// @dev Special treatment the committee imposed: only the committee lifts it.
    mapping(address token => bool) public committeeHold;
    /// @dev Each legal move: from => to => seen.
    uint256 public transitions;

    function init(ListingRegistry registry_) external {
        registry = registry_;
        registry.grantRole(registry.LISTER_ROLE(), address(this));
        registry.grantRole(registry.METRICS_ROLE(), address(this));
        registry.grantRole(registry.PLATFORM_ROLE(), address(this));
        registry.grantRole(registry.COMMITTEE_ROLE(), address(this));
    }

    /// A listing vote's result: only a token never listed, or delisted, can be (re)listed.
    function list(uint256 t) external {
        address token = tokens[t % 3];
        IListingRegistry.Status before = registry.statusOf(token);
        bool ok = before == IListingRegistry.Status.None || before == IListingRegistry.Status.Delisted;
        try registry.list(token, TEAM, keccak256("application")) {
            _check(ok, "a listed token was listed again");
            delete _days[token];
            _moved(token, before, "list");
        } catch {
            _check(!ok, "a listing vote did not list");
        }
    }

    function submitDay(uint256 t, uint8 kind, uint8 gap) external {
        address token = tokens[t % 3];
        IListingRegistry.TokenState memory s = registry.tokenState(token);
        IListingRegistry.Status before = s.status;
        uint32 day = s.nextDay + (gap % 3);
        if (day + 1 > block.timestamp / 1 days) vm.warp(uint256(day + 1) * 1 days + 3600);
        uint8 flags = [0, 1, 3, 7][kind % 4];
        address[] memory one = new address[](1);
        one[0] = token;
        IListingRegistry.Metrics[] memory m = new IListingRegistry.Metrics[](1);
        m[0] = _metrics(flags);
        bool active = _active(before);
        try registry.submitDailyMetrics(day, one, m) {
            _check(active, "figures counted for an inactive token");
            for (uint256 i = s.nextDay; i < day; ++i) {
                _days[token].push(7);
            }
            // A gap that completes the delisting streak hides the token before the day's figures count.
            if (day == s.nextDay || _trailing(token, 4) < registry.thresholds().delistWindow) _days[token].push(flags);
            _check(registry.failuresOf(m[0], day - s.listedDay) == flags, "the day's failures");
            _moved(token, before, "figures");
            ++effectiveCalls;
        } catch {
            _check(!active, "figures for an active token reverted");
        }
    }

    function inquiry(uint256 t, bool answer, uint32 later) external {
        address token = tokens[t % 3];
        IListingRegistry.Status before = registry.statusOf(token);
        try registry.openInquiry(token, keccak256("question")) returns (uint256 id) {
            _check(_active(before), "an inquiry about an inactive token");
            if (answer) {
                vm.prank(TEAM);
                registry.fulfilDuty(id, keccak256("answer"), "ipfs://answer");
                return;
            }
            vm.warp(block.timestamp + registry.periods().inquiryWindow + 1 + (later % 1 days));
            before = registry.statusOf(token);
            registry.checkDuty(id);
            if (_active(before)) _days[token].push(BREACH);
            _moved(token, before, "missed duty");
            ++effectiveCalls;
        } catch {
            _check(!_active(before), "an inquiry about an active token reverted");
        }
    }

    function missPeriodic(uint256 t) external {
        address token = tokens[t % 3];
        IListingRegistry.TokenState memory s = registry.tokenState(token);
        if (!_active(s.status)) return;
        if (block.timestamp <= s.nextPeriodicDue) vm.warp(uint256(s.nextPeriodicDue) + 1);
        registry.checkPeriodicDisclosure(token);
        _days[token].push(BREACH);
        _moved(token, s.status, "missed disclosure");
    }

    function impose(uint256 t) external {
        address token = tokens[t % 3];
        IListingRegistry.Status before = registry.statusOf(token);
        // Legal on a listed token, and on one in ST by the rules (the committee's hold is added).
        bool legal = before == IListingRegistry.Status.Listed
            || (before == IListingRegistry.Status.SpecialTreatment && !committeeHold[token]);
        try registry.imposeSpecialTreatment(token, IListingRegistry.Reason.Fraud, keccak256("evidence")) {
            _check(legal, "special treatment imposed on a token not listed, or held already");
            committeeHold[token] = true;
            _days[token].push(BREACH);
            _moved(token, before, "committee");
        } catch {
            _check(!legal, "a legal special treatment reverted");
        }
    }

    function hide(uint256 t) external {
        address token = tokens[t % 3];
        IListingRegistry.Status before = registry.statusOf(token);
        try registry.hide(token, IListingRegistry.Reason.Fraud, keccak256("evidence")) {
            _check(_active(before), "an inactive token hidden");
            _moved(token, before, "committee");
        } catch {
            _check(!_active(before), "hiding an active token reverted");
        }
    }

    function advance(uint256 t) external {
        address token = tokens[t % 3];
        IListingRegistry.Status before = registry.statusOf(token);
        try registry.advance(token) {
            _moved(token, before, "procedure");
            ++effectiveCalls;
        } catch {}
    }

    function wait(uint32 seconds_) external {
        vm.warp(block.timestamp + (seconds_ % 10 days));
    }

    /// Days at the end of the token's record with all of `bits` failing (breach markers are transparent).
    function trailing(address token, uint8 bits) external view returns (uint256) {
        return _trailing(token, bits);
    }

    /// Days at the end of the record with no failure, back to the last failure or breach.
    function compliant(address token) external view returns (uint256 n) {
        uint8[] storage d = _days[token];
        for (uint256 i = d.length; i > 0 && d[i - 1] == 0; --i) {
            ++n;
        }
    }

    function _trailing(address token, uint8 bits) internal view returns (uint256 n) {
        uint8[] storage d = _days[token];
        for (uint256 i = d.length; i > 0; --i) {
            if (d[i - 1] == BREACH) continue;
            if (d[i - 1] & bits != bits) break;
            ++n;
        }
    }

    function _moved(address token, IListingRegistry.Status from, string memory how) internal {
        IListingRegistry.Status to = registry.statusOf(token);
        ghostStatus[token] = to;
        if (from == IListingRegistry.Status.SpecialTreatment && to == IListingRegistry.Status.Listed) {
            _check(!committeeHold[token], "a committee's special treatment lifted by figures");
        }
        if (to != IListingRegistry.Status.SpecialTreatment) committeeHold[token] = false;
        if (to == from) return;
        ++transitions;
        bool byVote = keccak256(bytes(how)) == keccak256("list");
        IListingRegistry.Status L = IListingRegistry.Status.Listed;
        IListingRegistry.Status ST = IListingRegistry.Status.SpecialTreatment;
        IListingRegistry.Status H = IListingRegistry.Status.Hidden;
        IListingRegistry.Status LQ = IListingRegistry.Status.Liquidation;
        IListingRegistry.Status D = IListingRegistry.Status.Delisted;
        bool legal = (to == L && (from == IListingRegistry.Status.None || from == D) && byVote)
            || (from == L && to == ST) || (from == ST && to == L && !byVote) || ((from == L || from == ST) && to == H)
            || (from == H && to == LQ) || (from == LQ && to == D);
        _check(legal, string.concat("an illegal transition by ", how));
    }

    function _active(IListingRegistry.Status s) internal pure returns (bool) {
        return s == IListingRegistry.Status.Listed || s == IListingRegistry.Status.SpecialTreatment;
    }

    /// Figures that fail exactly `flags` (1 normal, 2 emergency, 4 delisting) under the campaign's thresholds.
    function _metrics(uint8 flags) internal pure returns (IListingRegistry.Metrics memory m) {
        m = IListingRegistry.Metrics({
            volume: 10_000,
            bidDepth: 1_000,
            askDepth: 1_000,
            spread: 100,
            deviation: 0,
            maxMinuteDeviation: 0,
            lowestToOpening: 1_000_000
        });
        if (flags == 1) m.spread = 2_000;
        if (flags == 3) m.spread = 10_000;
        if (flags == 7) m.volume = 0;
    }
}

contract ListingRegistryInvariants is CheatCodes {
    RegistryHandler internal handler;
    ListingRegistry internal registry;

    function setUp() public {
        handler = new RegistryHandler();
        IListingRegistry.Thresholds memory t = IListingRegistry.Thresholds({
            newMinVolume: 1_000,
            newMinDepth: 100,
            newMaxSpread: 1_000,
            newMaxDeviation: 1_000,
            newMinLowestToOpening: 0,
            minVolume: 1_000,
            minDepth: 100,
            maxSpread: 1_000,
            maxDeviation: 1_000,
            emergencyMinVolume: 500,
            emergencyMinDepth: 50,
            emergencyMaxSpread: 5_000,
            emergencyMaxMinuteDeviation: 5_000,
            delistMinVolume: 100,
            delistMinOneSidedDepth: 10,
            delistMaxSpread: 20_000,
            newListingDays: 3,
            normalWindow: 3,
            emergencyWindow: 2,
            removalWindow: 2,
            delistWindow: 4
        });
        IListingRegistry.Periods memory p = IListingRegistry.Periods({
            adHocDisclosureWindow: 1 days,
            inquiryWindow: 2 days,
            periodicDisclosureInterval: 30 days,
            hiddenPeriod: 5 days,
            liquidationPeriod: 5 days,
            outageReviewPeriod: 1 days,
            missingDayGrace: 12 hours
        });
        registry = new ListingRegistry(address(handler), t, p);
        handler.init(registry);
        bytes4[] memory f = new bytes4[](8);
        f[0] = handler.list.selector;
        f[1] = handler.submitDay.selector;
        f[2] = handler.inquiry.selector;
        f[3] = handler.missPeriodic.selector;
        f[4] = handler.impose.selector;
        f[5] = handler.hide.selector;
        f[6] = handler.advance.selector;
        f[7] = handler.wait.selector;
        _targetSelectors(address(handler), f);
        vm.warp(1_700_000_000);
    }

    /// @dev The last day whose missing figures count is exact at any time the uint32 day numbers
    /// reach, not cut to fewer bits: past 2149 (day 65,536) as well.
    function testFuzz_missingCountableUntilAtAnyTime(uint256 t) public {
        t %= uint256(type(uint32).max) * 1 days;
        vm.warp(t);
        uint256 expected = t < 12 hours ? 0 : (t - 12 hours) / 1 days;
        require(registry.missingCountableUntil() == expected, "missing days countable until");
    }

    /// @dev One campaign (100 runs x 100 calls) checks every named invariant after each call.
    /// forge-config: default.invariant.runs = 100
    /// forge-config: default.invariant.depth = 100
    /// forge-config: deep.invariant.runs = 10000
    /// forge-config: deep.invariant.depth = 100
    function invariant_listingRegistry() public view {
        _streaksAreARecount();
        _legalTransitionsOnly();
    }

    /// Each streak counter equals a recount from the submitted days (gap days fail every rule).
    function _streaksAreARecount() internal view {
        for (uint256 i = 0; i < 3; ++i) {
            address token = handler.tokens(i);
            IListingRegistry.TokenState memory s = registry.tokenState(token);
            if (s.status == IListingRegistry.Status.None) continue;
            require(s.normalStreak == handler.trailing(token, 1), "normal streak");
            require(s.emergencyStreak == handler.trailing(token, 2), "emergency streak");
            require(s.delistingStreak == handler.trailing(token, 4), "delisting streak");
            require(s.compliantStreak == handler.compliant(token), "compliant streak");
        }
    }

    /// Only legal transitions (Delisted only after Liquidation, re-listing only by a vote), checked
    /// by the handler around every call; the registry's statuses are the ones it saw.
    function _legalTransitionsOnly() internal view {
        for (uint256 i = 0; i < 3; ++i) {
            address token = handler.tokens(i);
            require(registry.statusOf(token) == handler.ghostStatus(token), "a status changed unseen");
        }
        string memory v = handler.violation();
        require(bytes(v).length == 0, v);
    }
}

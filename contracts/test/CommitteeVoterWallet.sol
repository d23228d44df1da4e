// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {ICommitteeElections} from "../../interfaces/ICommitteeElections.sol";

/**
 * @title CommitteeVoterWallet
 * @notice Test helper: a contract account (a multisig or smart wallet stand-in) holding GT that
 * nominates itself and votes in committee elections; its weight is its own snapshot balance.
 */
contract CommitteeVoterWallet {
    function nominate(ICommitteeElections committee) external {
        committee.nominate();
    }

    function vote(ICommitteeElections committee, address[] calldata ballot) external {
        committee.vote(ballot);
    }
}

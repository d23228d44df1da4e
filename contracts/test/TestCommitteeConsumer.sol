// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {ICommittee} from "../../interfaces/ICommittee.sol";

/**
 * @title TestCommitteeConsumer
 * @notice TEST ONLY. Counts committee approvals of a case the way the protection fund does
 * against {ICommittee}: only current members may approve, approvals are bound to the
 * membership version, a case is approved once `approvalThreshold` current approvals exist.
 * The real ProtectionFund replaces it when the capital-flow branch is merged.
 */
contract TestCommitteeConsumer {
    ICommittee public immutable committee;

    mapping(uint256 caseId => uint256) public approvalVersion;
    mapping(uint256 caseId => uint256) public approvalCount;
    mapping(uint256 caseId => mapping(address member => uint256 version)) public approvedAt;

    error TestCommitteeConsumerNotMember(address account);
    error TestCommitteeConsumerAlreadyApproved(uint256 caseId, address member);

    constructor(ICommittee committee_) {
        committee = committee_;
    }

    function approve(uint256 caseId) external {
        if (!committee.isMember(msg.sender)) revert TestCommitteeConsumerNotMember(msg.sender);
        uint256 version = committee.membershipVersion();
        if (approvalVersion[caseId] != version) {
            approvalVersion[caseId] = version;
            approvalCount[caseId] = 0;
        }
        if (approvedAt[caseId][msg.sender] == version) revert TestCommitteeConsumerAlreadyApproved(caseId, msg.sender);
        approvedAt[caseId][msg.sender] = version;
        approvalCount[caseId] += 1;
    }

    function approved(uint256 caseId) external view returns (bool) {
        return
            approvalVersion[caseId] == committee.membershipVersion() &&
            committee.memberCount() > 0 &&
            approvalCount[caseId] >= committee.approvalThreshold();
    }
}
